package codebook

import (
	"strings"
	"testing"
)

func TestThemeDefaultAndValidation(t *testing.T) {
	base := "version: 1\nvariables:\n  - name: a\n    label: A\n    type: integer\n    role: sensitive\n"
	cb, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Var("a").Theme; got != ThemeCompany {
		t.Errorf("default theme = %q, want %q", got, ThemeCompany)
	}
	cb, err = Parse([]byte(base + "    theme: customer_success\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cb.Var("a").Theme; got != ThemeCustomerSuccess || got.Title() != "customer success" {
		t.Errorf("theme = %q (%q)", got, got.Title())
	}
	_, err = Parse([]byte(base + "    theme: finance\n"))
	if err == nil || !strings.Contains(err.Error(), "variables[0] (a): unknown theme \"finance\"") {
		t.Errorf("bad theme: err = %v", err)
	}
}

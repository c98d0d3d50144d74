package clean

import (
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// TestCompanyKey: the email domain names the company unless it is a public
// mail provider; then the folded company name; never a placeholder.
func TestCompanyKey(t *testing.T) {
	ph := newPlaceholders(codebook.DefaultDedupePlaceholders)
	for _, c := range []struct{ email, company, want string }{
		{"Ann.Lee@Acme.IO ", "Acme", "@acme.io"},
		{"ann@gmail.com", "  Acme   Labs ", "acme labs"},
		{"ann@GMAIL.com", "N/A", ""},
		{"ann@gmail.com", "-", ""},
		{"ann@gmail.com", "none", ""},
		{"N/A", "Stealth", ""},
		{"", "Beta Corp", "beta corp"},
		{"test@test.com", "Gamma", "gamma"},
		{"not-an-email", "Delta", "delta"},
		{"x@localhost", "Eps", "eps"},
		{"", "", ""},
	} {
		if got := companyKey(c.email, c.company, ph); got != c.want {
			t.Errorf("companyKey(%q, %q) = %q, want %q", c.email, c.company, got, c.want)
		}
	}
}

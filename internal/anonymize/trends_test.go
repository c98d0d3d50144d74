package anonymize

import (
	"strings"
	"testing"
)

const privTrends = `variable,theme,year,level,n,estimate,ci_low,ci_high,weighted_estimate,weighted_ci_low,weighted_ci_high,comparability,n_answered,n_effective,kind
stage,company,2025,Seed,40,0.4,0.3,0.5,0.41,0.3,0.5,first wave,100,90,share
stage,company,2025,Series A,57,0.57,0.47,0.66,0.56,0.46,0.66,first wave,100,90,share
stage,company,2025,Public,3,0.03,0.01,0.08,0.03,0.01,0.09,first wave,100,90,share
stage,company,2026,Seed,50,0.5,0.4,0.6,0.5,0.4,0.6,same,100,90,share
stage,company,2026,Series A,44,0.44,0.35,0.54,0.44,0.35,0.54,same,100,90,share
stage,company,2026,Public,6,0.06,0.03,0.12,0.06,0.03,0.12,same,100,90,share
tools,ai,2026,x,4,0.04,0.01,0.1,0.04,0.01,0.1,same,100,90,option
tools,ai,2026,y,60,0.6,0.5,0.7,0.6,0.5,0.7,same,100,90,option
days,sales,2026,median,4,30,,,31,,,same,4,3.5,number
days,sales,2026,at_max,0,0,0,0.6,0,0,0.6,same,4,3.5,number
`

func TestPublicTrends(t *testing.T) {
	t.Parallel()
	got, err := PublicTrends([]byte(privTrends))
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if lines[0] != "variable,theme,year,level,n,estimate,ci_low,ci_high,weighted_estimate,weighted_ci_low,weighted_ci_high,comparability" {
		t.Errorf("header %q", lines[0])
	}
	want := []string{"stage,company,2025,Series A,", "stage,company,2026,Seed,", "stage,company,2026,Series A,", "stage,company,2026,Public,", "tools,ai,2026,y,"}
	if len(lines)-1 != len(want) {
		t.Fatalf("published %d rows, want %d:\n%s", len(lines)-1, len(want), s)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i+1], w) {
			t.Errorf("row %d = %q, want prefix %q", i+1, lines[i+1], w)
		}
	}
	// 2025: Public (3) is withheld, so the next smallest level (Seed, 40) is
	// too: Public cannot be had as 100 − 40 − 57.
	if strings.Contains(s, "2025,Public") || strings.Contains(s, "2025,Seed") {
		t.Errorf("2025 small cell recoverable:\n%s", s)
	}
	for _, bad := range []string{",4,", "n_answered", "n_effective"} {
		if strings.Contains(s, bad) {
			t.Errorf("public trends contains %q:\n%s", bad, s)
		}
	}
}

func TestPublicTrendsBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"", "empty"},
		{"variable,year\nx,2026\n", `row 1: no column "theme"`},
		{strings.Replace(privTrends, ",40,0.4,", ",forty,0.4,", 1), `row 2 column 5 (n): "forty"`},
		{privTrends + "a,b\n", "wrong number of fields"},
	} {
		_, err := PublicTrends([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("input %.30q: err %v, want %q", c.in, err, c.want)
		}
	}
}

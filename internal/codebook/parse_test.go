package codebook

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		flag    Flag
		missing MissingReason
	}{
		{"25", 25, FlagNone, ""},
		{"25%", 25, FlagNone, ""},
		{" 25 % ", 25, FlagNone, ""},
		{"~25", 25, FlagApprox, ""},
		{"about 25%", 25, FlagApprox, ""},
		{"20-30", 25, FlagRange, ""},
		{"20–30%", 25, FlagRange, ""},
		{"20 to 30", 25, FlagRange, ""},
		{"500%+", 500, FlagOpenBound, ""},
		{">100%", 100, FlagOpenBound, ""},
		{"-10", -10, FlagNone, ""},
		{"-10%", -10, FlagNone, ""},
		{"0", 0, FlagNone, ""},
		{"1", 1, FlagNone, ""},
		{"0.5%", 0.5, FlagNone, ""},
		{"12.5", 12.5, FlagNone, ""},
		{"1,200%", 1200, FlagNone, ""},
		{"0.25", 0, FlagNone, MissingAmbiguous},
		{"", 0, FlagNone, MissingBlank},
		{"N/A", 0, FlagNone, MissingNA},
		{"n/a", 0, FlagNone, MissingNA},
		{"Don't know", 0, FlagNone, MissingDontKnow},
		{"lots", 0, FlagNone, MissingUnparsed},
		{"12..5%", 0, FlagNone, MissingUnparsed},
		{"30-20", 0, FlagNone, MissingUnparsed},
		{"2026-05-01", 0, FlagNone, MissingUnparsed},
	}
	for _, tc := range tests {
		got := ParsePercent(tc.in)
		if got.Missing != tc.missing {
			t.Errorf("ParsePercent(%q) missing = %q, want %q", tc.in, got.Missing, tc.missing)
			continue
		}
		if tc.missing == "" && (got.Value != tc.want || got.Flag != tc.flag) {
			t.Errorf("ParsePercent(%q) = %v %q, want %v %q", tc.in, got.Value, got.Flag, tc.want, tc.flag)
		}
		if tc.missing != "" && !math.IsNaN(got.Value) {
			t.Errorf("ParsePercent(%q) missing value is %v, want NaN", tc.in, got.Value)
		}
	}
}

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		missing MissingReason
	}{
		{"$650k", 650000, ""},
		{"650,000", 650000, ""},
		{"0.65M", 650000, ""},
		{"650K USD", 650000, ""},
		{"$650,000", 650000, ""},
		{"$1.2M", 1200000, ""},
		{"1.2mm", 1200000, ""},
		{"$500k-$700k", 600000, ""},
		{"500k to 700k", 600000, ""},
		{"US$80k", 80000, ""},
		{"€600k", 0, MissingCurrency},
		{"600k EUR", 0, MissingCurrency},
		{"£1M", 0, MissingCurrency},
		{"N/A", 0, MissingNA},
		{"", 0, MissingBlank},
		{"a lot", 0, MissingUnparsed},
		{"$", 0, MissingUnparsed},
	}
	for _, tc := range tests {
		got := ParseCurrency(tc.in)
		if got.Missing != tc.missing || (tc.missing == "" && got.Value != tc.want) {
			t.Errorf("ParseCurrency(%q) = %v %q, want %v %q", tc.in, got.Value, got.Missing, tc.want, tc.missing)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		flag    Flag
		missing MissingReason
	}{
		{"45", 45, FlagNone, ""},
		{"45 days", 45, FlagNone, ""},
		{"45d", 45, FlagNone, ""},
		{"~45", 45, FlagApprox, ""},
		{"40-50", 45, FlagRange, ""},
		{"1,200", 1200, FlagNone, ""},
		{"100+", 100, FlagOpenBound, ""},
		{"12 people", 12, FlagNone, ""},
		{"-", 0, FlagNone, MissingNA},
		{"1O", 0, FlagNone, MissingUnparsed},
		{"idk, many", 0, FlagNone, MissingUnparsed},
	}
	for _, tc := range tests {
		got := ParseNumber(tc.in)
		if got.Missing != tc.missing || (tc.missing == "" && (got.Value != tc.want || got.Flag != tc.flag)) {
			t.Errorf("ParseNumber(%q) = %v %q %q, want %v %q %q", tc.in, got.Value, got.Flag, got.Missing, tc.want, tc.flag, tc.missing)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, order string
		want      int64
		missing   MissingReason
	}{
		{"2025-05-20 14:03:11", "", 1747749791, ""},
		{"8/31/2023 19:08:16", "mdy", 1693508896, ""},
		{"31/8/2023 19:08:16", "dmy", 1693508896, ""},
		{"2026/09/20 10:00:00 AM GMT+3", "", 1789887600, ""},
		{"45432.5", "", 1716206400, ""}, // Excel serial: 2024-05-20 12:00 UTC
		{"yesterday", "", 0, MissingUnparsed},
		{"", "", 0, MissingBlank},
	}
	for _, tc := range tests {
		got := ParseDate(tc.in, tc.order)
		if got.Missing != tc.missing || (tc.missing == "" && int64(got.Value) != tc.want) {
			t.Errorf("ParseDate(%q) = %v %q, want %v %q", tc.in, int64(got.Value), got.Missing, tc.want, tc.missing)
		}
	}
}

func TestNormalizeLabel(t *testing.T) {
	same := [][]string{
		{"$1–5M", "$1M-$5M", "$1-5M", "$1M – $5M", "1M to 5M"},
		{"<$1M", "< $1M", "<1M"},
		{"$100–250k", "$100k-$250k", "100K to 250K"},
		{"Don't know", "Don’t know", "don't know"},
	}
	for _, g := range same {
		for _, s := range g[1:] {
			if NormalizeLabel(s) != NormalizeLabel(g[0]) {
				t.Errorf("NormalizeLabel(%q) = %q, want %q (as %q)", s, NormalizeLabel(s), NormalizeLabel(g[0]), g[0])
			}
		}
	}
	if NormalizeLabel("$1–5M") == NormalizeLabel("$5–10M") {
		t.Error("distinct bands normalize alike")
	}
}

// checkResult holds for every parser: a value is finite, or it is NaN with a reason.
func checkResult(t *testing.T, in string, r ParseResult) {
	t.Helper()
	if r.Missing == "" && (math.IsNaN(r.Value) || math.IsInf(r.Value, 0)) {
		t.Fatalf("%q: value %v without a missing reason", in, r.Value)
	}
	if r.Missing != "" && !math.IsNaN(r.Value) {
		t.Fatalf("%q: missing %q with value %v", in, r.Missing, r.Value)
	}
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"25", "~25%", "20–30%", "500%+", "0.25", "N/A", "-10", "1e400", "--5", "5-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParsePercent(s)
		checkResult(t, s, r)
		if r.Missing == "" && r.Flag == FlagRange && (r.Value != r.Value) {
			t.Fatal("NaN midpoint")
		}
	})
}

func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{"$650k", "650,000", "0.65M", "650K USD", "€600k", "$1-2M", "k", "$-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ParseCurrency(s)
		checkResult(t, s, r)
		if want := parseCurrency(s); r != want && !(r.Missing != "" && r.Missing == want.Missing) {
			t.Fatalf("%q: %+v, the full parser %+v", s, r, want)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"45", "45 days", "~4", "40-50", "1,200", "100+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkResult(t, s, ParseNumber(s)) })
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-05-20 14:03:11", "8/31/2023 19:08:16", "45432.5", "2026/09/20 10:00:00 AM GMT+3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []string{"mdy", "dmy"} {
			r := ParseDate(s, order)
			checkResult(t, s, r)
			if want := parseDate(s, order, time.UTC); r != want && !(r.Missing != "" && r.Missing == want.Missing) {
				t.Fatalf("%q (%s): %+v, the full parser %+v", s, order, r, want)
			}
		}
	})
}

// TestQuickDateMatchesParser checks the fast timestamp reader against the
// full parser on random strings near the two forms it reads: wherever it
// gives a value, the parser gives the same one.
func TestQuickDateMatchesParser(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	ny, _ := time.LoadLocation("America/New_York")
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	num := func(lo, hi int) string {
		n := lo + rng.IntN(hi-lo+1)
		if rng.IntN(4) == 0 {
			return fmt.Sprintf("%02d", n)
		}
		return fmt.Sprint(n)
	}
	quick := 0
	for i := 0; i < 200000; i++ {
		var s string
		if rng.IntN(2) == 0 {
			s = fmt.Sprintf("%04d-%s-%s %s:%s:%s", rng.IntN(3000), num(0, 13), num(0, 32), num(0, 25), num(0, 61), num(0, 61))
		} else {
			s = fmt.Sprintf("%s/%s/%s %s:%s:%s%s", num(0, 13), num(0, 32), pick("2024", "1999", "0004", "24", "20245"),
				num(0, 25), num(0, 61), num(0, 61), pick("", " AM", " PM", " pm", "PM", " XM", ".5"))
		}
		if rng.IntN(10) == 0 { // a stray character anywhere
			k := rng.IntN(len(s))
			s = s[:k] + pick("x", " ", "0", ":", "/", "-", "+") + s[k+1:]
		}
		for _, order := range []string{"mdy", "dmy"} {
			for _, loc := range []*time.Location{time.UTC, ny} {
				v, ok := quickDate(strings.TrimSpace(s), order == "dmy", loc)
				if !ok {
					continue
				}
				quick++
				if want := parseDate(s, order, loc); want.Missing != "" || want.Flag != FlagNone || want.Value != v {
					t.Fatalf("%q (%s, %s): quick %v, parser %+v", s, order, loc, v, want)
				}
			}
		}
	}
	if quick < 50000 {
		t.Errorf("only %d strings read by the quick path: the test does not exercise it", quick)
	}
}

// randomText draws n-byte strings from an alphabet, with now and then a
// piece from extra.
func randomText(rng *rand.Rand, alphabet string, extra []string, n int) string {
	var b strings.Builder
	for i := rng.IntN(n + 1); i > 0; i-- {
		if rng.IntN(12) == 0 {
			b.WriteString(extra[rng.IntN(len(extra))])
			continue
		}
		b.WriteByte(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// TestQuickNumbersMatchParser checks the regular-expression-free readers
// against the full ones on random strings near the forms they read:
// simpleDecimal only accepts what plainRe accepts, and wherever
// quickCurrency gives a value parseCurrency gives the same.
func TestQuickNumbersMatchParser(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	extra := []string{" ", "-", "–", "€", "US", "USD", "mm", "~", "+", "to", "%", "..", ",,"}
	simple, quick := 0, 0
	for i := 0; i < 300000; i++ {
		s := randomText(rng, "0123456789,.$kKmMbB", extra, 9)
		if simpleDecimal(s) {
			simple++
			if !plainRe.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
				t.Fatalf("simpleDecimal(%q) but plainRe does not match", s)
			}
		}
		if got, ok := quickCurrency(strings.TrimSpace(s)); ok {
			quick++
			if want := parseCurrency(s); want != got {
				t.Fatalf("%q: quick %+v, parser %+v", s, got, want)
			}
		}
	}
	t.Logf("%d simple decimals, %d quick amounts", simple, quick)
	if simple < 1000 || quick < 1000 {
		t.Errorf("only %d simple decimals and %d quick amounts: the test does not exercise them", simple, quick)
	}
}

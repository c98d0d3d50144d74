package codebook

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkNormalized holds for every NormalizeHeader result: NFC, no markup
// tag, single plain spaces, trimmed, and a fixed point.
func checkNormalized(t *testing.T, in, out string) {
	t.Helper()
	switch {
	case utf8.ValidString(in) && !norm.NFC.IsNormalString(out):
		t.Fatalf("NormalizeHeader(%q) = %q: not NFC", in, out)
	case strings.TrimSpace(out) != out || strings.Contains(out, "  "):
		t.Fatalf("NormalizeHeader(%q) = %q: spaces not folded", in, out)
	case strings.ContainsAny(out, "\u00a0\t\n\r\u2009\u200b\ufeff"):
		t.Fatalf("NormalizeHeader(%q) = %q: odd space kept", in, out)
	case utf8.ValidString(in) && NormalizeHeader(out) != out && !strings.ContainsAny(out, "<&"):
		t.Fatalf("NormalizeHeader(%q) = %q, not a fixed point (%q)", in, out, NormalizeHeader(out))
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What is your role?", "What is your role?"},
		{"What\u00a0is  your\trole?\n", "What is your role?"},
		{"<strong>What is your role?</strong>", "What is your role?"},
		{"<p>Notes &amp; CRM</p>", "Notes & CRM"},
		{"Caf\u0065\u0301", "Caf\u00e9"}, // NFD → NFC
		{"<$1M", "<$1M"},                 // not a tag
		{"Revenue < 10 and > 5", "Revenue < 10 and > 5"},
		{"\ufeffTimestamp", "Timestamp"},
		{"", ""},
	}
	for _, tc := range tests {
		got := NormalizeHeader(tc.in)
		if got != tc.want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
		checkNormalized(t, tc.in, got)
	}
	if NormalizeLabel("Don\u2019t\u00a0know") != NormalizeLabel("Don't know") || NormalizeLabel("<b>$1–5M</b>") != NormalizeLabel("$1M-$5M") {
		t.Error("NormalizeLabel does not fold a non-breaking space or HTML")
	}
}

func FuzzNormalizeHeader(f *testing.F) {
	for _, s := range []string{"What is your role?", "<b>x</b>", "a\u00a0 b", "Cafe\u0301", "&amp;&lt;b&gt;", "<$1M"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNormalized(t, s, NormalizeHeader(s)) })
}

func TestBoundText(t *testing.T) {
	for _, n := range []int{0, 10, MaxShownBytes, MaxShownBytes + 1, 1 << 20} {
		s := strings.Repeat("é", n/2) // two bytes per rune: a cut must not split one
		got := BoundText(s)
		if len(got) > MaxShownBytes+30 || !utf8.ValidString(got) {
			t.Errorf("BoundText of %d bytes = %d bytes, valid %v", len(s), len(got), utf8.ValidString(got))
		}
		if len(s) <= MaxShownBytes && got != s {
			t.Errorf("short text changed")
		}
	}
}

package codebook

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// htmlTagRe matches an HTML tag: "<" or "</" then a letter. "<$1M" and
// "< 10" are answer text, not tags, and are kept.
var htmlTagRe = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>`)

// NormalizeHeader folds a header (or any export text) for matching only: HTML
// tags removed and entities decoded, Unicode NFC, every kind of space
// (non-breaking, thin, tab, newline) as one plain space, trimmed. Case and
// punctuation are kept. The text the report shows is never normalized.
func NormalizeHeader(s string) string {
	if isPlain(s) {
		return s
	}
	if strings.ContainsAny(s, "<&") {
		s = htmlTagRe.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isPlain reports whether s is already normalized: printable ASCII without
// markup, no leading, trailing or doubled spaces.
func isPlain(s string) bool {
	prev := byte(' ')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == '<' || c == '&' || (c == ' ' && prev == ' ') {
			return false
		}
		prev = c
	}
	return prev != ' ' || s == ""
}

// MaxShownBytes is how much of an answer a report keeps.
const MaxShownBytes = 120

// BoundText cuts s to at most MaxShownBytes (at a rune boundary) and notes
// how much was cut, so a 50 MB answer costs a report a line, not 50 MB.
// Printing still needs strconv.Quote to neutralize newlines.
func BoundText(s string) string {
	if len(s) <= MaxShownBytes {
		return s
	}
	cut := MaxShownBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

package codebook

import (
	"fmt"
	"unicode/utf8"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// NormalizeHeader folds a header (or any export text) for matching only,
// as the reader folds the columns it reads (survey.NormalizeText: HTML tags
// removed and entities decoded, Unicode NFC, every kind of space as one plain
// space, trimmed). Case and punctuation are kept. The text the report shows
// is never normalized.
func NormalizeHeader(s string) string {
	if isPlain(s) {
		return s
	}
	return survey.NormalizeText(s)
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

package deck

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/figure"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// waves is who answered: the ledger of the run in the words of the "who
// answered" slide.
type waves struct {
	rows       []report.LedgerRow
	read, kept int
	excluded   map[dataset.Reason]int
}

func wavesOf(ledger []report.LedgerRow) waves {
	w := waves{rows: ledger, excluded: map[dataset.Reason]int{}}
	for _, r := range ledger {
		w.read += r.Read
		w.kept += r.Kept
		for reason, n := range r.Excluded {
			w.excluded[reason] += n
		}
	}
	return w
}

// years are the waves' years in order.
func (w waves) years() []int {
	var ys []int
	for _, r := range w.rows {
		ys = append(ys, r.Year)
	}
	sort.Ints(ys)
	return ys
}

// latest is the latest wave's year and the one before it (0 when none).
func (w waves) latest() (prev, last int) {
	ys := w.years()
	switch len(ys) {
	case 0:
		return 0, 0
	case 1:
		return 0, ys[0]
	}
	return ys[len(ys)-2], ys[len(ys)-1]
}

// span is "2022–2026".
func (w waves) span() string { return figure.YearSpan(w.years()) }

// who is "1,930 companies, 2022–2026".
func (w waves) who() string { return fmt.Sprintf("%s companies, %s", thousands(w.kept), w.span()) }

// tool is the survey tool a wave's export came from, read from its file
// name ("2023_typeform.xlsx" → "Typeform").
func tool(file string) string {
	stem := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if i := strings.IndexByte(stem, '_'); i >= 0 {
		if _, err := strconv.Atoi(stem[:i]); err == nil {
			stem = stem[i+1:]
		}
	}
	if s, ok := toolNames[strings.ToLower(stem)]; ok {
		return s
	}
	words := strings.Fields(strings.ReplaceAll(stem, "_", " "))
	for i, wd := range words {
		words[i] = strings.ToUpper(wd[:1]) + wd[1:]
	}
	return strings.Join(words, " ")
}

// toolNames spell the survey tools whose names a file name cannot case.
var toolNames = map[string]string{"surveymonkey": "SurveyMonkey", "google_forms": "Google Forms", "typeform": "Typeform", "qualtrics": "Qualtrics"}

// reasonWords are the exclusion reasons as a slide says them.
var reasonWords = map[dataset.Reason]string{
	"blank_row": "blank", "preview": "test previews", "spam": "spam", "incomplete": "incomplete",
	"duplicate": "duplicates", "speeder": "answered too fast to have read the questions",
}

// cleaned is "Cleaning removed 301 of 2,231 rows: 44 duplicates, …".
func (w waves) cleaned() string {
	var reasons []string
	for r := range w.excluded {
		reasons = append(reasons, string(r))
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := w.excluded[dataset.Reason(reasons[i])], w.excluded[dataset.Reason(reasons[j])]
		return a > b || (a == b && reasons[i] < reasons[j])
	})
	var parts []string
	for _, r := range reasons {
		words := reasonWords[dataset.Reason(r)]
		if words == "" {
			words = strings.ReplaceAll(r, "_", " ")
		}
		parts = append(parts, fmt.Sprintf("%s %s", thousands(w.excluded[dataset.Reason(r)]), words))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("Cleaning removed none of the %s rows.", thousands(w.read))
	}
	return fmt.Sprintf("Cleaning removed %s of %s rows: %s.", thousands(w.read-w.kept), thousands(w.read), strings.Join(parts, ", "))
}

// tools is how many different survey tools the waves were run in.
func (w waves) tools() int {
	seen := map[string]bool{}
	for _, r := range w.rows {
		seen[tool(r.File)] = true
	}
	return len(seen)
}

// perWave is "2022: 470 (Google Forms) · 2023: 322 (Typeform) · …".
func (w waves) perWave() string {
	var parts []string
	for _, r := range w.rows {
		parts = append(parts, fmt.Sprintf("%d: %s (%s)", r.Year, thousands(r.Kept), tool(r.File)))
	}
	return strings.Join(parts, " · ")
}

// thousands writes n with thousands separators: 1,930.
func thousands(n int) string { return figure.Thousands(n) }

package codebook_test

import (
	"fmt"
	"log"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// Parse reads a codebook; the value parsers read what respondents type.
func Example() {
	cb, err := codebook.Parse([]byte(`version: 1
variables:
  - {name: win_rate_pct, label: Win rate (%), type: percent, role: sensitive, min: 0, max: 100}
waves:
  - year: 2026
    file: 2026_typeform.csv
    tool: typeform
    header_rows: 1
    timezone: America/New_York
    columns:
      - {var: win_rate_pct, header: Win rate (%), missing: {"Prefer not to answer": refused}}
`))
	if err != nil {
		log.Fatal(err)
	}
	w := cb.WaveFor("2026_typeform.csv")
	fmt.Println(w.Year, cb.Var("win_rate_pct").Role, w.Location())
	for _, s := range []string{"25%", "20-30", "~25", "0.25", "N/A", "lots"} {
		r := codebook.ParsePercent(s)
		fmt.Printf("%-6s → %v %q %q\n", s, r.Value, r.Flag, r.Missing)
	}
	// Output:
	// 2026 sensitive America/New_York
	// 25%    → 25 "" ""
	// 20-30  → 25 "range_midpoint" ""
	// ~25    → 25 "approximate" ""
	// 0.25   → NaN "" "ambiguous"
	// N/A    → NaN "" "not_applicable"
	// lots   → NaN "" "unparseable"
}

// ParseCurrency reads US dollars with k/M suffixes and ranges; other
// currencies become missing rather than converted.
func ExampleParseCurrency() {
	for _, s := range []string{"$650k", "0.65M", "$500k-$700k", "€600k"} {
		r := codebook.ParseCurrency(s)
		fmt.Printf("%s → %v %q\n", s, r.Value, r.Missing)
	}
	// Output:
	// $650k → 650000 ""
	// 0.65M → 650000 ""
	// $500k-$700k → 600000 ""
	// €600k → NaN "non_usd_currency"
}

package report

import (
	"path/filepath"
	"sort"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
)

// Input is everything out/report.html and out/report.md show. Every field
// is plain data computed by an earlier stage; a section whose input is nil
// says "not computed" instead of disappearing.
type Input struct {
	// Plan is the pre-registered analysis plan as Markdown
	// (docs/analysis-plan.md), printed in full so that readers can check the
	// tests against it.
	Plan string
	// Results are the hypotheses with their sensitivity lines.
	Results Results
	// Trends are the per-question trends by theme; nil: not computed.
	Trends []TrendSummary
	// Waves is the harmonization summary, one entry per wave in year order.
	Waves []WaveSummary
	// Disclosure summarizes the public release; nil: no release made.
	Disclosure *DisclosureSummary
	// Charts are PNG images by figure name, as the page shows them (the
	// charts' page images: 960 px wide, few colours, so that the page
	// stays under 2 MB). A hypothesis's chart is the
	// one named by its lower-case id ("h1") or starting with it and "_"
	// ("h1_conversion"); a trend names its own.
	Charts map[string][]byte
}

// TrendSummary is one question's trend over the waves, as a sentence.
type TrendSummary struct {
	Theme     string  // section heading, e.g. "AI adoption"
	Variable  string  // canonical variable
	Sentence  string  // the finding in words, with estimate, CI and n
	P         float64 // p of the change test; NaN: none
	PAdjusted float64 // Benjamini–Hochberg across the trends; NaN: none
	Flag      string  // e.g. "question changed in 2024"; "" for none
	Chart     string  // figure name in Input.Charts; "" for none
	Alt       string  // the chart's finding, as its alt text
}

// WaveSummary is what harmonizing one wave found.
type WaveSummary struct {
	Year      int
	File      string // base name
	Read      int    // data rows read
	Kept      int    // after the quality rules
	Excluded  []Count
	Variables int // canonical variables found in the export
	NotAsked  int // canonical variables this wave did not ask
	Ignored   int // export columns the codebook ignores
	// Unmapped are answer labels no recode maps, with how often they occur;
	// those cells became missing.
	Unmapped []UnmappedLabel
	// Missing counts cells without a value, by reason, over all variables.
	Missing []Count
}

// Count is a number of rows or cells for one reason.
type Count struct {
	Reason string
	N      int
}

// UnmappedLabel is one answer label that no recode maps.
type UnmappedLabel struct {
	Variable, Label string
	N               int
}

// DisclosureSummary is the public release in figures; the full account is
// public/disclosure-report.md.
type DisclosureSummary struct {
	ConfigSHA256 string
	K, L         int
	Respondents  int // kept respondents offered to the release
	Extracts     []ExtractSummary
	Headlines    []HeadlineCheck
	ReportPath   string // relative to the output folder
}

// ExtractSummary is one public extract in figures: what it released and
// the worst result of the attacker models run on it.
type ExtractSummary struct {
	Name            string
	Released        int     // rows in the file
	Offered         int     // respondents in the extract's waves
	SmallestClass   int     // smallest equivalence class
	SingledOut      int     // respondents singled out, summed over the attacker models
	MaxLinkage      float64 // largest linkage probability over the attacker models
	SuppressedCells int     // cells set to "*"
}

// HeadlineCheck is one hypothesis's headline comparison on the private data
// and on the public file.
type HeadlineCheck struct {
	ID, Comparison          string
	Private, Public         float64
	SameDirection, SameSign bool // same direction; same significance at alpha
}

// WaveSummaries joins each wave's harmonization report with its ledger
// counts (matched by year); reports in year order give summaries in year
// order.
func WaveSummaries(reports []*ingest.WaveReport, tally []dataset.Counts) []WaveSummary {
	byYear := map[int]dataset.Counts{}
	for _, c := range tally {
		byYear[c.Year] = c
	}
	out := make([]WaveSummary, 0, len(reports))
	for _, r := range reports {
		c := byYear[r.Year]
		w := WaveSummary{Year: r.Year, File: baseName(r.File), Read: c.Read, Kept: c.Kept,
			Excluded: counts(c.Excluded), Variables: len(r.Found), NotAsked: len(r.NotAsked), Ignored: len(r.Ignored)}
		missing := map[codebook.MissingReason]int{}
		for _, s := range r.Vars {
			for k, n := range s.Missing {
				missing[k] += n
			}
		}
		w.Missing = counts(missing)
		w.Unmapped = unmapped(r.Unmapped)
		out = append(out, w)
	}
	return out
}

// counts orders a map of counts by reason.
func counts[R ~string](m map[R]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{string(k), n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Reason < out[j].Reason })
	return out
}

// unmapped flattens labels per variable, most frequent first within a
// variable, variables in name order.
func unmapped(m map[string]map[string]int) []UnmappedLabel {
	var out []UnmappedLabel
	for v, labels := range m {
		for l, n := range labels {
			out = append(out, UnmappedLabel{v, l, n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Variable != b.Variable {
			return a.Variable < b.Variable
		}
		if a.N != b.N {
			return a.N > b.N
		}
		return a.Label < b.Label
	})
	return out
}

func baseName(p string) string { return filepath.Base(p) }

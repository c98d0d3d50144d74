package ingest

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// testCodebook is a small codebook with one wave whose columns are given.
func testCodebook(t *testing.T, wave string) *codebook.Codebook {
	t.Helper()
	cb, err := codebook.Parse([]byte(`version: 1
variables:
  - {name: response_id, label: id, type: text, role: meta}
  - {name: submitted_at, label: submitted, type: datetime, role: meta}
  - {name: response_type, label: type, type: single, role: meta, levels: [Response, Preview]}
  - {name: role, label: Role, type: single, role: quasi_identifier, levels: [Founder/CEO, VP Sales, Other]}
  - {name: motion, label: Motions, type: multi, role: sensitive, levels: [Inbound, Outbound, Other]}
  - {name: use, label: Uses, type: multi, role: sensitive, levels: [Research, Other]}
  - {name: win_rate_pct, label: Win rate, type: percent, role: sensitive, min: 0, max: 100}
waves:
  - year: 2025
    file: x.csv
    tool: qualtrics
    header_rows: 1
` + wave))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// table builds a one-header-row table from a header and data rows.
func table(header []string, rows ...[]string) *survey.Table {
	t := &survey.Table{File: "x.csv", HeaderRows: 1}
	for j, h := range header {
		t.Columns = append(t.Columns, survey.Column{Index: j, Text: h})
	}
	for i, r := range rows {
		t.Rows = append(t.Rows, survey.Row{Line: i + 2, Cells: r})
	}
	return t
}

func harmonize(t *testing.T, cb *codebook.Codebook, tab *survey.Table) (*dataset.Dataset, *WaveReport, error) {
	t.Helper()
	d := cb.NewDataset()
	var l dataset.Ledger
	rep, err := harmonizeTable(cb, cb.Waves[0], tab, d, &l)
	return d, rep, err
}

// harmonizeTable harmonizes a table read whole, the simple way the
// streaming harmonizeFile must agree with.
func harmonizeTable(cb *codebook.Codebook, w *codebook.Wave, t *survey.Table, d *dataset.Dataset, l *dataset.Ledger) (*WaveReport, error) {
	h := &harmonizer{cb: cb, w: w, d: d, l: l}
	keep, err := h.bind(t)
	if err != nil {
		return nil, err
	}
	if err := h.unmappedColumns(); err != nil {
		return nil, err
	}
	cells := make([]string, len(keep))
	for _, r := range t.Rows {
		for k, j := range keep {
			cells[k] = r.Cells[j]
		}
		h.row(survey.StreamRow{Line: r.Line, Cells: cells, Blank: r.Blank()})
	}
	return h.rep, nil
}

func TestColumnMatching(t *testing.T) {
	header := []string{"Role", "Inbound", "Other", "Research", "Other", "Win\u00a0rate  (%)", "<b>Notes</b>"}
	row := []string{"VP Sales", "Inbound", "", "", "Other", "25", ""}
	tests := []struct {
		name    string
		columns string
		want    string // error text; empty for success
	}{
		{"position disambiguates", `    columns:
      - {var: role, header: Role}
      - {var: motion, header: Inbound, option: Inbound}
      - {var: motion, header: Other, option: Other, position: 3}
      - {var: use, header: Research, option: Research}
      - {var: use, header: Other, option: Other, position: 5}
      - {var: win_rate_pct, header: Win rate (%)}
    ignore: [Notes]
`, ""},
		{"position alone", `    columns:
      - {var: role, position: 1}
      - {var: motion, header: Inbound, option: Inbound}
      - {var: motion, position: 3, option: Other}
      - {var: use, header: Research, option: Research}
      - {var: use, position: 5, option: Other}
      - {var: win_rate_pct, position: 6}
    ignore: ["N*"]
`, ""},
		{"neighbours disambiguate options", `    columns:
      - {var: role, header: Role}
      - {var: motion, header: Inbound, option: Inbound}
      - {var: use, header: Other, option: Other}
      - {var: motion, header: Other, option: Other}
      - {var: use, header: Research, option: Research}
      - {var: win_rate_pct, header: Win rate (%)}
    ignore: [Notes]
`, ""},
		{"ambiguous header", `    columns:
      - {var: motion, header: Other, option: Other}
    ignore: ["*"]
`, `x.csv:1: codebook column "Other" (motion) is ambiguous: the header is on columns 3, 5`},
		{"position holds another column", `    columns:
      - {var: motion, header: Other, option: Other, position: 4}
    ignore: ["*"]
`, `column 4 is "Research"`},
		{"position beyond the file", `    columns:
      - {var: role, position: 9}
    ignore: ["*"]
`, "the file has only 7 columns"},
		{"two maps on one column", `    columns:
      - {var: role, header: Role}
      - {var: win_rate_pct, position: 1}
    ignore: ["*"]
`, "both name column 1"},
		{"unmapped column with data", `    columns:
      - {var: role, header: Role}
    ignore: ["In*", "Oth?r", Research]
`, `column "Win\u00a0rate  (%)" holds data but the codebook neither maps nor ignores it`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb := testCodebook(t, tc.columns)
			d, _, err := harmonize(t, cb, table(header, row))
			if tc.want != "" {
				var pe *survey.ParseError
				if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &pe) {
					t.Fatalf("err = %v, want a ParseError containing %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if lv, _ := d.Level("role", 0); lv != "VP Sales" {
				t.Errorf("role = %q", lv)
			}
			if ch, _ := d.Chosen("motion", 0); len(ch) != 1 || ch[0] != "Inbound" {
				t.Errorf("motion = %v, want [Inbound] (the Other at column 3 is blank)", ch)
			}
			if ch, _ := d.Chosen("use", 0); len(ch) != 1 || ch[0] != "Other" {
				t.Errorf("use = %v, want [Other]", ch)
			}
			if v := d.Float("win_rate_pct", 0); v != 25 {
				t.Errorf("win rate = %v (header with a non-breaking space and doubled spaces)", v)
			}
		})
	}
}

func TestMissingRecodeAndLabels(t *testing.T) {
	cb := testCodebook(t, `    columns:
      - {var: role, header: Role, missing: {"Prefer not to answer": refused}}
      - {var: win_rate_pct, header: Win rate}
    missing: {"Rather not say": dont_know}
`)
	tab := table([]string{"Role", "Win rate"},
		[]string{"Prefer\u00a0not to answer", "Rather not say"},
		[]string{"<b>VP&nbsp;Sales</b>", "30"},
		[]string{"Fractional CRO\nINJECTED LINE " + strings.Repeat("x", 500), "lots"},
	)
	d, rep, err := harmonize(t, cb, tab)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Vars["role"].Missing[codebook.MissingRefused]; got != 1 {
		t.Errorf("role refused = %d, want 1", got)
	}
	if got := rep.Vars["win_rate_pct"].Missing[codebook.MissingDontKnow]; got != 1 {
		t.Errorf("win rate dont_know (wave missing map) = %d, want 1", got)
	}
	if lv, ok := d.Level("role", 1); !ok || lv != "VP Sales" {
		t.Errorf("HTML and a non-breaking space in a label: %q %v", lv, ok)
	}
	for label := range rep.Unmapped["role"] {
		if len(label) > codebook.MaxShownBytes+40 || !strings.Contains(label, "more bytes") {
			t.Errorf("unmapped label kept unbounded: %d bytes", len(label))
		}
	}
	if len(rep.Issues) != 2 {
		t.Fatalf("issues = %v, want the unmapped role and the unparseable win rate (refused and dont_know are not issues)", rep.Issues)
	}
}

func TestTimezone(t *testing.T) {
	for _, tc := range []struct {
		zone, cell string
		want       int64
	}{
		{"", "2025-01-15 09:00:00", 1736931600},                       // UTC
		{"America/New_York", "2025-01-15 09:00:00", 1736949600},       // EST, UTC−5
		{"America/New_York", "2025-07-15 09:00:00", 1752584400},       // EDT, UTC−4
		{"America/New_York", "2025-07-15 09:00:00 GMT+0", 1752570000}, // explicit offset wins
		{"Europe/Berlin", "45672.375", 1736928000},                    // Excel serial 2025-01-15 09:00 local
	} {
		w := "    columns:\n      - {var: submitted_at, header: When}\n"
		if tc.zone != "" {
			w = "    timezone: " + tc.zone + "\n" + w
		}
		d, _, err := harmonize(t, testCodebook(t, w), table([]string{"When"}, []string{tc.cell}))
		if err != nil {
			t.Fatal(err)
		}
		if got := int64(d.Float("submitted_at", 0)); got != tc.want {
			t.Errorf("%s %q = %d, want %d", tc.zone, tc.cell, got, tc.want)
		}
	}
}

// Qualtrics statuses mark rows whether or not the codebook maps the column.
func TestToolStatusByDefault(t *testing.T) {
	cb := testCodebook(t, "    columns:\n      - {var: role, header: Role}\n    ignore: [Status]\n")
	tab := &survey.Table{File: "x.csv", HeaderRows: 1, Columns: []survey.Column{{Index: 0, Tag: "Status", Text: "Response Type"}, {Index: 1, Text: "Role"}}}
	want := []dataset.Status{dataset.StatusResponse, dataset.StatusPreview, dataset.StatusTest, dataset.StatusSpam, dataset.StatusResponse, dataset.StatusTest}
	for i, s := range []string{"0", "1", "2", "8", "4", "Survey Test"} {
		tab.Rows = append(tab.Rows, survey.Row{Line: i + 4, Cells: []string{s, "VP Sales"}})
	}
	d, rep, err := harmonize(t, cb, tab)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Ignored) != 1 || len(rep.IgnoreUnused) != 0 {
		t.Errorf("ignored %v, unused ignore entries %v", rep.Ignored, rep.IgnoreUnused)
	}
	for i, w := range want {
		if got := d.StatusOf(i); got != w {
			t.Errorf("row %d: status %v, want %v", i, got, w)
		}
	}
	cb.Waves[0].Tool = codebook.ToolTypeform
	cb.Waves[0].Ignore = append(cb.Waves[0].Ignore, "Q*_TEXT")
	d, rep, _ = harmonize(t, cb, tab)
	if d.StatusOf(1) != dataset.StatusResponse {
		t.Error("a Typeform column named Status was read as a Qualtrics status")
	}
	if len(rep.IgnoreUnused) != 1 || rep.IgnoreUnused[0] != "Q*_TEXT" {
		t.Errorf("unused ignore entries %v, want [Q*_TEXT]", rep.IgnoreUnused)
	}
}

func TestDerivedAndMultiJoinedUnchanged(t *testing.T) {
	cb := testCodebook(t, "    columns:\n      - {var: motion, header: M}\n      - {var: role, header: R}\n")
	d, rep, err := harmonize(t, cb, table([]string{"M", "R"}, []string{"Inbound, Outbound", ""}, []string{"Inbound, my own thing", ""}, []string{"", "Other"}))
	if err != nil {
		t.Fatal(err)
	}
	if ch, _ := d.Chosen("motion", 0); strings.Join(ch, "|") != "Inbound|Outbound" {
		t.Errorf("row 0: %v", ch)
	}
	if ch, _ := d.Chosen("motion", 1); strings.Join(ch, "|") != "Inbound|Other" {
		t.Errorf("row 1: %v", ch)
	}
	if !math.IsNaN(d.Float("motion", 2)) || rep.Vars["motion"].Missing[codebook.MissingBlank] != 1 {
		t.Errorf("blank row: %v", d.Float("motion", 2))
	}
}

// checkHarmonized holds for every harmonized wave: each non-text variable
// counts every non-blank row once (parsed or missing with a reason), a
// value is present exactly when parsed, and listed values are bounded.
func checkHarmonized(t *testing.T, d *dataset.Dataset, rep *WaveReport) {
	t.Helper()
	if rep.Rows != d.Len()+rep.BlankRows {
		t.Fatalf("rows %d != dataset %d + blank %d", rep.Rows, d.Len(), rep.BlankRows)
	}
	for name, s := range rep.Vars {
		n := s.Parsed
		for _, k := range s.Missing {
			n += k
		}
		present := 0
		for i := 0; i < d.Len(); i++ {
			if !math.IsNaN(d.Float(name, i)) {
				present++
			}
		}
		if n != d.Len() || present != s.Parsed {
			t.Fatalf("%s: parsed %d + missing = %d for %d rows, %d values present", name, s.Parsed, n, d.Len(), present)
		}
	}
	for _, is := range rep.Issues {
		if len(is.Value) > codebook.MaxShownBytes+30 {
			t.Fatalf("issue value of %d bytes", len(is.Value))
		}
	}
}

var fuzzWave = `    timezone: Asia/Kolkata
    missing: {"Prefer not to answer": refused}
    columns:
      - {var: submitted_at, header: When}
      - {var: role, header: Role, recode: {"Founder / CEO": Founder/CEO}}
      - {var: motion, header: Motions}
      - {var: use, header: Research, option: Research}
      - {var: win_rate_pct, header: Win rate}
`

func TestHarmonizeCells(t *testing.T) {
	for _, cells := range [][]string{
		{"2025-05-20 14:03:11", "Founder / CEO", "Inbound, Outbound", "x", "25%"},
		{"45432.5", "vp sales", "Other, stuff", "", "Prefer not to answer"},
		{"", "", "", "", ""},
		{"yesterday", "CRO\n== forged", "N/A", "1", "0.25"},
	} {
		cb := testCodebook(t, fuzzWave)
		d, rep, err := harmonize(t, cb, table([]string{"When", "Role", "Motions", "Research", "Win rate"}, cells))
		if err != nil {
			t.Fatal(err)
		}
		checkHarmonized(t, d, rep)
	}
}

func FuzzHarmonizeCell(f *testing.F) {
	for _, s := range []string{"25%", "Founder / CEO", "Inbound, Other", "Prefer\u00a0not to answer", "45432.5", "<b>VP Sales</b>", "\x00\n"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		cb := testCodebook(t, fuzzWave)
		d, rep, err := harmonize(t, cb, table([]string{"When", "Role", "Motions", "Research", "Win rate"}, []string{a, b, a, b, a}))
		if err != nil {
			t.Fatal(err)
		}
		checkHarmonized(t, d, rep)
	})
}

// TestImportIDForms: a codebook qid matches the column's ImportId whether
// the export writes the 2016 Insights form (QID2-1) or the current one
// (QID2_1), either way round.
func TestImportIDForms(t *testing.T) {
	for _, tc := range []struct{ codebook, file string }{{"QID2_1", "QID2-1"}, {"QID2-1", "QID2_1"}, {"QID7", "QID7"}} {
		cb := testCodebook(t, "    columns:\n      - {var: win_rate_pct, qid: "+tc.codebook+"}\n    ignore: [\"*\"]\n")
		tab := table([]string{"Win rate", "Role"}, []string{"30", "VP Sales"})
		tab.Columns[0].ImportID = tc.file
		d, _, err := harmonize(t, cb, tab)
		if err != nil {
			t.Fatalf("codebook qid %s, file %s: %v", tc.codebook, tc.file, err)
		}
		if v := d.Float("win_rate_pct", 0); v != 30 {
			t.Errorf("codebook qid %s, file %s: win rate %v, want 30", tc.codebook, tc.file, v)
		}
	}
	cb := testCodebook(t, "    columns:\n      - {var: win_rate_pct, qid: QID3}\n    ignore: [\"*\"]\n")
	tab := table([]string{"Win rate"}, []string{"30"})
	tab.Columns[0].ImportID = "QID2_1"
	if _, _, err := harmonize(t, cb, tab); err == nil {
		t.Error("qid QID3 matched a column whose ImportId is QID2_1")
	}
}

package report

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
)

func TestHTMLShowsEverySection(t *testing.T) {
	in := fixtureInput(t)
	b, err := HTML(in)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, h := range in.Results.Hypotheses {
		for _, want := range []string{`id="` + h.ID + `"`, htmlEscape(h.Finding), htmlEscape(h.Claim), string(h.Sensitivity.Verdict)} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: page lacks %q", h.ID, want)
			}
		}
		for _, w := range h.Warnings {
			if !strings.Contains(page, htmlEscape(w)) {
				t.Errorf("%s: page lacks warning %q", h.ID, w)
			}
		}
	}
	for _, want := range []string{"AI adoption", "question changed in 2026", "2025_qualtrics.csv", "duplicate 9, preview 20",
		"lots", "900 of 931", "public/disclosure-report.md", "Four one-sided tests", "20260512", "Sales"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, `src="data:image/png;base64,`); n != 3 {
		t.Errorf("%d inlined charts, want 3 (h1, h2_gap, one trend)", n)
	}
	for _, missing := range []string{"Trends: not computed", "Harmonization summary: not computed", "Disclosure summary: not computed", "Chart: not computed"} {
		if strings.Contains(page, missing) {
			t.Errorf("a complete input still says %q", missing)
		}
	}
}

// TestHTMLSelfContained: nothing on the page points outside it.
func TestHTMLSelfContained(t *testing.T) {
	b, err := HTML(fixtureInput(t))
	if err != nil {
		t.Fatal(err)
	}
	ref := regexp.MustCompile(`(?i)(src|href)\s*=\s*"([^"]*)"`)
	for _, m := range ref.FindAllSubmatch(b, -1) {
		u := string(m[2])
		if !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, "data:image/png;base64,") && u != "public/disclosure-report.md" {
			t.Errorf("%s=%q points outside the page", m[1], u)
		}
	}
	for _, banned := range []string{"<script", "<link", "@import", "url(", "http://", "https://"} {
		if bytes.Contains(b, []byte(banned)) {
			t.Errorf("page contains %q", banned)
		}
	}
}

func TestMissingSectionsSayNotComputed(t *testing.T) {
	in := Input{Results: fixtureResults(t)}
	for name, render := range map[string]func(Input) ([]byte, error){"html": HTML, "md": Markdown} {
		b, err := render(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Trends: not computed", "Harmonization summary: not computed",
			"Disclosure summary: not computed", "Chart: not computed", "Analysis plan: not included"} {
			if !bytes.Contains(b, []byte(want)) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	in.Trends = []TrendSummary{}
	b, _ := Markdown(in)
	if !bytes.Contains(b, []byte("No trends to report")) {
		t.Error(`computed but empty trends do not say "No trends to report"`)
	}
}

// TestMarkdownSameContent: the facts of the page are in report.md too.
func TestMarkdownSameContent(t *testing.T) {
	in := fixtureInput(t)
	md, err := Markdown(in)
	if err != nil {
		t.Fatal(err)
	}
	v := newView(in)
	var facts []string
	for _, h := range v.Hypotheses {
		facts = append(facts, h.Finding, h.Sensitivity, h.Verdict)
		for _, f := range h.Facts {
			facts = append(facts, f.Label+": "+f.Value)
		}
		for _, c := range h.Charts {
			facts = append(facts, "charts/"+c+".png")
		}
	}
	for _, f := range v.DisclosureFacts {
		facts = append(facts, f.Label+": "+f.Value)
	}
	facts = append(facts, "| 2025 | `2025_qualtrics.csv` | 460 | 431 | duplicate 9, preview 20 |", "#### H1\n\nFour one-sided tests.", "charts/trend_ai_gtm_budget_share.png")
	for _, w := range facts {
		if !bytes.Contains(md, []byte(w)) {
			t.Errorf("report.md lacks %q", w)
		}
	}
	// Tables are not split by blank lines (each would render as text).
	if bytes.Contains(md, []byte("|\n\n|")) {
		t.Error("report.md has a table split by a blank line")
	}
	// Rendered as GitHub-flavoured Markdown, every table is a table: the
	// summary, one secondary table per hypothesis that has secondary tests,
	// one per trend theme, waves, unmapped labels and headlines.
	want := 1 + 2 + 1 + 1 + 1
	for _, h := range v.Hypotheses {
		if len(h.Secondary) > 0 {
			want++
		}
	}
	page, err := markdown(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(page), "<table>"); got != want {
		t.Errorf("report.md renders %d tables, want %d", got, want)
	}
	if strings.Contains(string(page), "<p>|") {
		t.Error("report.md has table rows that render as text")
	}
}

func TestRenderDeterministic(t *testing.T) {
	in := fixtureInput(t)
	h1, _ := HTML(in)
	m1, _ := Markdown(in)
	for i := 0; i < 5; i++ {
		h2, _ := HTML(fixtureInput(t))
		m2, _ := Markdown(fixtureInput(t))
		if !bytes.Equal(h1, h2) || !bytes.Equal(m1, m2) {
			t.Fatal("the same input rendered twice gives different bytes")
		}
	}
}

func TestChartsFor(t *testing.T) {
	charts := map[string][]byte{"h1": nil, "h1_b": nil, "h1_a": nil, "h10": nil, "xh1": nil, "h2": nil}
	if diff := cmp.Diff([]string{"h1", "h1_a", "h1_b"}, chartsFor("H1", charts)); diff != "" {
		t.Errorf("chartsFor H1 (-want +got):\n%s", diff)
	}
	if got := chartsFor("H3", charts); got != nil {
		t.Errorf("chartsFor H3 = %q, want none", got)
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{num(1.0 / 3), "0.333"},
		{num(0.05), "0.05"},
		{num(math.NaN()), "-"},
		{num(1925), "1925"},
		{num(-15432.6), "-15433"},
		{num(12.345), "12.3"},
		{num(0.0000123), "1.23e-05"},
		{effectText("delta", 0.291, 0.17, 0.409, 0.95), "delta 0.291 (95% CI 0.17 to 0.409)"},
		{effectText("delta", math.NaN(), 0, 0, 0.95), "-"},
		{effectText("tau", -0.2, math.NaN(), math.NaN(), 0.95), "tau -0.2"},
		{pIs(0.00001), "< 0.0001"},
		{pIs(0.0123), "= 0.0123"},
		{countsText(nil), "none"},
		{countsText([]Count{{"blank_row", 2}, {"speeder", 1}}), "blank row 2, speeder 1"},
		{shiftHeadings("# A\ntext\n```\n# not\n```\n## B"), "### A\ntext\n```\n# not\n```\n#### B"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestWaveSummaries(t *testing.T) {
	reports := []*ingest.WaveReport{{
		Year: 2024, File: "data/2024_x.xlsx", Found: []string{"a", "b"}, NotAsked: []string{"c"}, Ignored: []string{"Collector ID"},
		Unmapped: map[string]map[string]int{"b": {"zz": 1, "yy": 4}, "a": {"q": 2}},
		Vars:     map[string]*ingest.VarStats{"a": {Missing: map[codebook.MissingReason]int{"blank": 3}}, "b": {Missing: map[codebook.MissingReason]int{"blank": 1, "unparseable": 2}}},
	}}
	tally := []dataset.Counts{{Year: 2024, File: "data/2024_x.xlsx", Read: 10, Kept: 7, Excluded: map[dataset.Reason]int{"speeder": 2, "blank_row": 1}}}
	got := WaveSummaries(reports, tally)
	want := []WaveSummary{{Year: 2024, File: "2024_x.xlsx", Read: 10, Kept: 7,
		Excluded: []Count{{"blank_row", 1}, {"speeder", 2}}, Variables: 2, NotAsked: 1, Ignored: 1,
		Unmapped: []UnmappedLabel{{"a", "q", 2}, {"b", "yy", 4}, {"b", "zz", 1}},
		Missing:  []Count{{"blank", 4}, {"unparseable", 2}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WaveSummaries (-want +got):\n%s", diff)
	}
	total := waveTotal(got)
	if total.Read != total.Kept+3 {
		t.Errorf("total: read %d, kept %d, excluded 3: in ≠ kept + excluded", total.Read, total.Kept)
	}
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;")
	return r.Replace(s)
}

// TestPlainSummaryFirst: the page opens with the plain-language summary
// (each hypothesis's chart title with its verdict, then the significant
// trends), before the table of verdicts; chart alt texts state findings.
func TestPlainSummaryFirst(t *testing.T) {
	in := fixtureInput(t)
	in.Results.Hypotheses[0].Figure.Title = "Teams whose SDRs use AI tools report higher win rates"
	in.Trends[0].Alt = "Median AI budget share rose"
	in.Results.Hypotheses[1].NotShown = "It does not show that AI widens the gap."
	b, err := HTML(in)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	short, table := strings.Index(page, `id="in-short"`), strings.Index(page, `id="summary"`)
	if short < 0 || table < short {
		t.Fatalf("in-short at %d, summary table at %d: want the plain summary first", short, table)
	}
	head := page[short:table]
	for _, want := range []string{"Teams whose SDRs use AI tools report higher win rates.", "Median AI budget share rose.", "not proof of cause"} {
		if !strings.Contains(head, htmlEscape(want)) {
			t.Errorf("plain summary lacks %q:\n%s", want, head)
		}
	}
	if strings.Contains(head, "Autonomous AI SDRs") {
		t.Error("plain summary lists a trend that is not significant")
	}
	for _, want := range []string{`alt="Chart: Teams whose SDRs use AI tools report higher win rates."`, `alt="Chart: Median AI budget share rose."`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if !strings.Contains(page, "What this does not show:</strong> It does not show that AI widens the gap.") {
		t.Error("the page lacks H2's not-shown line")
	}
	if strings.Contains(page, `alt="chart `) {
		t.Error("an image's alt text names the file, not the finding")
	}
	md, err := Markdown(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "## In short") || !strings.Contains(string(md), "![Chart: Median AI budget share rose.]") {
		t.Error("report.md lacks the plain summary or the alt text")
	}
}

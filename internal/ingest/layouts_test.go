package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// layoutsCodebook reads the reader's real-layout fixtures: a Typeform export
// whose choice labels repeat under two questions ("Inbound" and "Other"
// twice), told apart by position, and a Qualtrics 2016 "Insights" export
// (ImportIds QID2-1) matched by the current form QID2_1.
const layoutsCodebook = `version: 1
variables:
  - {name: role, label: Role, type: text, role: quasi_identifier}
  - {name: motion, label: Motions, type: multi, role: quasi_identifier, levels: [Inbound, Outbound, Other]}
waves:
  - year: 2023
    file: typeform.csv
    tool: typeform
    header_rows: 1
    columns:
      - {var: role, header: "What is your role?"}
      - {var: motion, header: Inbound, option: Inbound, position: 3}
      - {var: motion, header: Outbound, option: Outbound}
      - {var: motion, header: Other, option: Other, position: 5}
    ignore: ["*"]
  - year: 2016
    file: qualtrics_insights.csv
    tool: qualtrics
    header_rows: 3
    columns:
      - {var: role, qid: QID1}
      - {var: motion, qid: QID2_1, option: Inbound}
      - {var: motion, qid: QID2_2, option: Outbound}
    ignore: ["*"]
`

// TestRealLayoutsThroughTheCodebook reads two of the reader's real-layout
// fixtures through a codebook, end to end: duplicated header texts resolve
// by position, the Insights ImportId form matches, a respondent who typed
// "Response" stays a respondent, and Qualtrics' "Survey Preview" row is
// excluded though the codebook does not map the Status column.
func TestRealLayoutsThroughTheCodebook(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"typeform.csv", "qualtrics_insights.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "survey", "testdata", "layouts", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cb, err := codebook.Parse([]byte(layoutsCodebook))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Data // as harmonized, before the quality rules
	byYear := map[int][]int{}
	for i := 0; i < d.Len(); i++ {
		byYear[d.Year[i]] = append(byYear[d.Year[i]], i)
	}
	tf := byYear[2023]
	if len(tf) != 3 {
		t.Fatalf("typeform: %d respondents read, want 3 (the one who typed \"Response\" included)", len(tf))
	}
	if got := d.Col("role").Format(tf[0]); got != "Response" {
		t.Errorf("typeform row 1 role %q, want the answer \"Response\"", got)
	}
	if got, _ := d.Chosen("motion", tf[1]); !slices.Equal(got, []string{"Outbound", "Other"}) {
		t.Errorf("typeform row 2 motions %v, want [Outbound Other] (the second Inbound column belongs to another question)", got)
	}
	if got, _ := d.Chosen("motion", tf[0]); !slices.Equal(got, []string{"Inbound"}) {
		t.Errorf("typeform row 1 motions %v, want [Inbound]", got)
	}
	q := byYear[2016]
	if len(q) != 2 {
		t.Fatalf("qualtrics insights: %d respondents read, want 2", len(q))
	}
	if got, _ := d.Chosen("motion", q[0]); !slices.Equal(got, []string{"Inbound"}) {
		t.Errorf("qualtrics row 1 motions %v, want [Inbound] (QID2_1 matches QID2-1)", got)
	}
	kept, _ := clean.Apply(res.Data, res.Ledger, cb, clean.Defaults())
	if err := res.Ledger.Verify(res.Read, kept); err != nil {
		t.Fatal(err)
	}
	previews := 0
	for _, e := range res.Ledger.Excluded() {
		if e.Year == 2016 && e.Reason == dataset.Reason("preview") {
			previews++
		}
	}
	if previews != 1 {
		t.Errorf("qualtrics: %d rows excluded as preview, want 1 (\"Survey Preview\")", previews)
	}
}

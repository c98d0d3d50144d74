package codebook

import (
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// draftScore compares a draft of wave i (made without wave i in the
// codebook) with the real wave i.
type draftScore struct {
	mapped, correct, matchable, matchableCorrect, falseMatches int
	wrong                                                      []string
}

func scoreDraft(t *testing.T, cb *Codebook, i int, dir string) draftScore {
	t.Helper()
	w := cb.Waves[i]
	tab, err := survey.Read(filepath.Join(dir, w.File))
	if err != nil {
		t.Fatal(err)
	}
	others := *cb
	others.Waves = append(append([]*Wave(nil), cb.Waves[:i]...), cb.Waves[i+1:]...)
	dr := others.DraftWave(tab, w.Year, dir)
	cols, err := NewColumnIndex(tab).Match(w)
	if err != nil {
		t.Fatal(err)
	}
	real := map[int]ColumnMap{}
	for k, j := range cols {
		real[j] = w.Columns[k]
	}
	var s draftScore
	for _, c := range dr.Columns {
		want, ok := real[c.Index]
		if !ok {
			if c.Map.Var != "" {
				s.falseMatches++
				s.wrong = append(s.wrong, c.Name+" → "+c.Map.Var+" (ignored in the real codebook)")
			}
			continue
		}
		s.mapped++
		asked := false
		for _, o := range others.Waves {
			asked = asked || o.maps(want.Var)
		}
		if asked {
			s.matchable++
		}
		if c.Map.Var == want.Var && c.Map.Option == want.Option {
			s.correct++
			if asked {
				s.matchableCorrect++
			}
		} else {
			s.wrong = append(s.wrong, c.Name+" → "+c.Map.Var+"/"+c.Map.Option+", want "+want.Var+"/"+want.Option)
		}
	}
	return s
}

// Drafting each synthetic wave from its export, with that wave removed from
// the codebook, recovers the real mapping of nearly every column whose
// variable another wave asks.
func TestDraftRecoversSyntheticWaves(t *testing.T) {
	dir := "../../data"
	cb, err := Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var total draftScore
	for i, w := range cb.Waves {
		s := scoreDraft(t, cb, i, dir)
		t.Logf("%d: %d/%d columns right (%d/%d of those another wave asks), %d ignored columns matched; wrong: %s",
			w.Year, s.correct, s.mapped, s.matchableCorrect, s.matchable, s.falseMatches, strings.Join(s.wrong, "; "))
		total.mapped += s.mapped
		total.correct += s.correct
		total.matchable += s.matchable
		total.matchableCorrect += s.matchableCorrect
		total.falseMatches += s.falseMatches
	}
	acc := float64(total.matchableCorrect) / float64(total.matchable)
	t.Logf("all waves: %d/%d mapped columns right; %d/%d (%.3f) of those another wave asks; %d ignored columns matched",
		total.correct, total.mapped, total.matchableCorrect, total.matchable, acc, total.falseMatches)
	if acc < 0.97 {
		t.Errorf("draft accuracy %.3f on matchable columns, want at least 0.97", acc)
	}
	if all := float64(total.correct) / float64(total.mapped); all < 0.95 {
		t.Errorf("draft accuracy %.3f on all mapped columns, want at least 0.95", all)
	}
	if total.falseMatches > 3 {
		t.Errorf("%d columns the codebook ignores were matched to a variable", total.falseMatches)
	}
}

// The draft is YAML that decodes into a wave with the proposed columns.
func TestDraftYAMLDecodes(t *testing.T) {
	dir := "../../data"
	cb, err := Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := survey.Read(filepath.Join(dir, "2024_surveymonkey.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	dr := cb.DraftWave(tab, 2027, dir)
	var waves []*Wave
	if err := yaml.Unmarshal(dr.YAML(), &waves); err != nil {
		t.Fatalf("draft does not decode: %v\n%s", err, dr.YAML())
	}
	if len(waves) != 1 || waves[0].Year != 2027 || waves[0].Tool != ToolSurveyMonkey || waves[0].HeaderRows != 2 {
		t.Fatalf("decoded %+v", waves)
	}
	n := 0
	for _, c := range dr.Columns {
		if c.Map.Var != "" {
			if got := waves[0].Columns[n]; got.Var != c.Map.Var || got.Header != c.Map.Header || got.Option != c.Map.Option {
				t.Errorf("column %d decodes as %+v, want %+v", n, got, c.Map)
			}
			n++
		}
	}
	if n != len(waves[0].Columns) || n < 40 {
		t.Errorf("%d columns decoded, %d proposed", len(waves[0].Columns), n)
	}
}

// A changed export (HTML, non-breaking spaces, a reworded question, a new
// column with personal data, shuffled columns) still drafts sensibly.
func TestDraftChangedExport(t *testing.T) {
	dir := "../../data"
	cb, err := Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	csv := "What\u00a0stage is your company at?,<p>Win rate (%)</p>,What's your role?,Phone number,How much runway do you have?\n" +
		"Seed,25%,Founder/CEO,+1 555 0100,12–18 months\n" +
		"Series A,30,VP Sales,+1 555 0101,Prefer not to say\n" +
		"Series B,~20,Fractional CRO,,6–12 months\n"
	tab, err := survey.ReadCSV("2027_new.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	dr := cb.DraftWave(tab, 2027, dir)
	want := []string{"company_stage", "win_rate_pct", "role", "", "runway_band"}
	for j, c := range dr.Columns {
		if c.Map.Var != want[j] {
			t.Errorf("column %d %q → %q (%.2f), want %q", j+1, c.Name, c.Map.Var, c.Confidence, want[j])
		}
	}
	if u := dr.Columns[2].Unmatched; u["Fractional CRO"] != 1 || len(u) != 1 {
		t.Errorf("role's unmatched answers = %v, want Fractional CRO", u)
	}
	out := string(dr.YAML())
	if !strings.Contains(out, `#   column 4 "Phone number"`) || strings.Contains(out, "ignore:") {
		t.Errorf("the unknown column is not left for the analyst:\n%s", out)
	}
}

// A generic header ("Other", "Yes", "Comments") is never proposed on its
// own: its confidence stays below the threshold unless its neighbours are
// options of the same variable, as a Typeform choice block's are.
func TestDraftGenericHeaders(t *testing.T) {
	dir := "../../data"
	cb, err := Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	csv := "#,What is your role?,Other,Yes,Comments,Inbound,Outbound,Other,How many employees does your company have?\n" +
		"t1,VP Sales,x,Yes,fine,Inbound,,Other,12\n" +
		"t2,Founder/CEO,,No,,,Outbound,,40\n"
	tab, err := survey.ReadCSV("2027_typeform.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	dr := cb.DraftWave(tab, 2027, dir)
	for _, j := range []int{2, 3, 4} {
		if c := dr.Columns[j]; c.Map.Var != "" || c.Confidence > 0.5 {
			t.Errorf("generic column %d %q → %s/%s at %.2f, want no proposal", j+1, c.Name, c.Map.Var, c.Map.Option, c.Confidence)
		}
	}
	if c := dr.Columns[7]; c.Map.Var != "gtm_motion" || c.Map.Option != "Other" || c.Confidence <= 0.5 {
		t.Errorf("\"Other\" beside gtm_motion's options → %s/%s at %.2f, want gtm_motion/Other", c.Map.Var, c.Map.Option, c.Confidence)
	}
	if !strings.Contains(string(dr.YAML()), `#   column 3 "Other"`) {
		t.Errorf("the bare Other is not left to the analyst:\n%s", dr.YAML())
	}
}

// The draft carries each column's question as asked: the question over a
// SurveyMonkey block for its options, a Qualtrics column's text without
// its option suffix; nothing when the header is the question.
func TestDraftQuestionText(t *testing.T) {
	dir := "../../data"
	cb, err := Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		data string
		want map[string]string // column name → text
	}{
		{"2027_surveymonkey.csv", "Respondent ID,Which go-to-market motions do you use?,,What is your role?\n,Inbound,Outbound,Response\n1,Inbound,,CEO\n2,,Outbound,VP Sales\n",
			map[string]string{"Which go-to-market motions do you use? | Inbound": "Which go-to-market motions do you use?", "What is your role?": ""}},
		{"2027_qualtrics.csv", "ResponseId,Q5_1,Q5_2,Q7\nResponse ID,Which go-to-market motions do you use? - Inbound,Which go-to-market motions do you use? - Outbound,What is your role?\n" +
			`"{""ImportId"":""_recordId""}","{""ImportId"":""QID5_1""}","{""ImportId"":""QID5_2""}","{""ImportId"":""QID7""}"` + "\nR_1,1,,CEO\n",
			map[string]string{"Q5_1": "Which go-to-market motions do you use?", "Q7": "What is your role?"}},
	} {
		tab, err := survey.ReadCSV(tc.file, []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		dr := cb.DraftWave(tab, 2027, dir)
		for _, c := range dr.Columns {
			want, ok := tc.want[c.Name]
			if !ok {
				continue
			}
			if c.Map.Var == "" || c.Map.Text != want {
				t.Errorf("%s column %q → %s text %q, want %q", tc.file, c.Name, c.Map.Var, c.Map.Text, want)
			}
		}
		if y := string(dr.YAML()); !strings.Contains(y, "text: Which go-to-market motions do you use?") {
			t.Errorf("%s: no text: in the draft:\n%s", tc.file, y)
		}
	}
}

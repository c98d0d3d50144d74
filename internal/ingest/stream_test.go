package ingest

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// wholeTable harmonizes a wave the simple way: the whole table read first.
func wholeTable(cb *codebook.Codebook, w *codebook.Wave, path string) (*dataset.Dataset, *dataset.Ledger, *WaveReport, error) {
	tab, err := survey.ReadLayout(path, survey.Layout{Tool: survey.Tool(w.Tool), HeaderRows: w.HeaderRows})
	if err != nil {
		return nil, nil, nil, err
	}
	d, l := cb.NewDataset(), &dataset.Ledger{}
	rep, err := harmonizeTable(cb, w, tab, d, l)
	return d, l, rep, err
}

// sameData reports the first difference between two datasets ("" none),
// comparing values bit for bit (NaN equals NaN).
func sameData(a, b *dataset.Dataset) string {
	if !reflect.DeepEqual(a.Names, b.Names) || a.Len() != b.Len() {
		return "names or length"
	}
	for i := 0; i < a.Len(); i++ {
		if a.Year[i] != b.Year[i] || a.ID[i] != b.ID[i] || a.File[i] != b.File[i] || a.Line[i] != b.Line[i] || a.StatusOf(i) != b.StatusOf(i) {
			return "row " + a.ID[i]
		}
	}
	for _, n := range a.Names {
		ca, cb := a.Cols[n], b.Cols[n]
		if !reflect.DeepEqual(ca.Text, cb.Text) || len(ca.Num) != len(cb.Num) {
			return n
		}
		for i := range ca.Num {
			if math.Float64bits(ca.Num[i]) != math.Float64bits(cb.Num[i]) {
				return n
			}
		}
	}
	return ""
}

// TestStreamMatchesWholeTable: a wave harmonized as it streams, holding only
// its mapped columns, gives what harmonizing the whole table gives: the
// same dataset, ledger and report, and for a broken export the same error.
func TestStreamMatchesWholeTable(t *testing.T) {
	dir, cb := sample(t, 0.3)
	// Blank rows inside the data and after it, in a CSV and an XLSX wave.
	p := filepath.Join(dir, "2026_typeform.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	blank := strings.Repeat(",", strings.Count(lines[0], ",")) + "\n"
	lines = append(lines[:5], append([]string{blank, blank}, lines[5:]...)...)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")+blank+blank), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range cb.Waves {
		path := filepath.Join(dir, w.File)
		got, err := harmonizeFile(cb, w, path, 0)
		if err != nil {
			t.Fatal(err)
		}
		d, l, rep, err := wholeTable(cb, w, path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameData(got.Data, d); diff != "" {
			t.Errorf("%s: datasets differ at %s", w.File, diff)
		}
		if !reflect.DeepEqual(got.Ledger.Entries, l.Entries) {
			t.Errorf("%s: ledgers differ", w.File)
		}
		if !reflect.DeepEqual(got.Report, rep) {
			t.Errorf("%s: reports differ:\n%+v\n%+v", w.File, got.Report, rep)
		}
		if got.Report.BlankRows+got.Report.TrailingBlank == 0 && w.Year == 2026 {
			t.Errorf("%s: the blank rows added were not seen", w.File)
		}
	}
	for _, edit := range [][2]string{{"utm_source", "Phone number"}, {"Win rate (%)", "Win-rate"}, {"utm_source", "Network ID"}} {
		p := filepath.Join(dir, "2026_typeform.csv")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), edit[0], edit[1], 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		w := cb.WaveFor("2026_typeform.csv")
		_, err = harmonizeFile(cb, w, p, 0)
		_, _, _, want := wholeTable(cb, w, p)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%q → %q: streamed %v, whole table %v", edit[0], edit[1], err, want)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

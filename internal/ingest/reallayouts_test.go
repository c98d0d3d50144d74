package ingest

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

var (
	update  = flag.Bool("update", false, "rewrite testdata/layouts/harmonized.golden from the harmonized fixtures")
	genXLSX = flag.Bool("gen-xlsx", false, "write testdata/layouts/2018_surveymonkey.xlsx (excelize) from 2017_surveymonkey.csv")
)

const layoutsDir = "testdata/layouts"

// TestRealLayoutsGolden reads the seven real export layouts of
// testdata/layouts through their codebook and compares the harmonized
// rows and the wave reports with harmonized.golden (-update rewrites it).
// The codebook names columns by both header rows joined (legacy
// Qualtrics "V1 | ResponseID"), by a block's question and an option's
// sub-label (SurveyMonkey), by a position among repeated headers
// (Typeform), by tag and by either ImportId form.
func TestRealLayoutsGolden(t *testing.T) {
	if *genXLSX {
		writeSurveyMonkeyXLSX(t)
	}
	cb, err := codebook.Load(filepath.Join(layoutsDir, "codebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Load(layoutsDir, cb)
	if err != nil {
		t.Fatal(err)
	}
	got := dumpHarmonized(t, cb, res)
	p := filepath.Join(layoutsDir, "harmonized.golden")
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("harmonized fixtures differ from %s (go test ./internal/ingest -run RealLayouts -update if intended):\n%s", p, got)
	}
	if len(res.Reports) != 7 {
		t.Errorf("%d waves read, want 7", len(res.Reports))
	}
}

// dumpHarmonized writes each wave's report (found, not asked, ignored,
// missing by reason) and then every harmonized row as CSV.
func dumpHarmonized(t *testing.T, cb *codebook.Codebook, res *Result) []byte {
	var b bytes.Buffer
	for _, r := range res.Reports {
		fmt.Fprintf(&b, "# %d %s: %d rows, %d blank; found %s; not asked %s; ignored %d; unmapped empty %d; issues %d\n",
			r.Year, filepath.Base(r.File), r.Rows, r.BlankRows, strings.Join(r.Found, " "), strings.Join(r.NotAsked, " "),
			len(r.Ignored), len(r.UnmappedEmpty), len(r.Issues))
		for _, is := range r.Issues {
			fmt.Fprintf(&b, "#   %s\n", strings.TrimPrefix(is.String(), filepath.Dir(is.File)+"/"))
		}
	}
	w := csv.NewWriter(&b)
	head := []string{"year", "line", "status"}
	for _, v := range cb.Variables {
		head = append(head, v.Name)
	}
	w.Write(head)
	d := res.Data
	for i := 0; i < d.Len(); i++ {
		rec := []string{fmt.Sprint(d.Year[i]), fmt.Sprint(d.Line[i]), d.StatusOf(i).String()}
		for _, v := range cb.Variables {
			rec = append(rec, d.Col(v.Name).Format(i))
		}
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeSurveyMonkeyXLSX writes the XLSX twin of the SurveyMonkey CSV
// fixture as the tool does: one sheet, the question cell merged over its
// block of sub-labels, every cell a string.
func writeSurveyMonkeyXLSX(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(layoutsDir, "2017_surveymonkey.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet"
	f.SetSheetName("Sheet1", sheet)
	for i, r := range rows {
		for j, c := range r {
			if c == "" {
				continue
			}
			c = strings.ReplaceAll(c, "/2017 ", "/2018 ") // the dates of the 2018 wave
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(sheet, cell, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.MergeCell(sheet, "K1", "N1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(layoutsDir, "2018_surveymonkey.xlsx")); err != nil {
		t.Fatal(err)
	}
}

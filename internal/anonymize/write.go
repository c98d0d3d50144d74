package anonymize

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// File names under out/public/ (besides one CSV per extract, CSVName).
const (
	DataXLSX           = "gtm-survey-2022-2026.xlsx"
	Dictionary         = "data-dictionary.csv"
	Disclosure         = "disclosure-report.md"
	GeneralizationFile = "generalization.yaml"
)

// CSVName is the file name of an extract's CSV.
func CSVName(extract string) string { return "gtm-survey-" + extract + ".csv" }

// CSV renders the extract's rows with their header.
func (x *Extract) CSV() ([]byte, error) { return writeCSV(append([][]string{x.Header}, x.Rows...)) }

func writeCSV(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return b.Bytes(), nil
}

// Files renders every public file of the release: one CSV per extract,
// the workbook, the dictionary and the generalization (the proposal to pin).
func (r *Release) Files(cb *codebook.Codebook) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, x := range r.Extracts {
		b, err := x.CSV()
		if err != nil {
			return nil, err
		}
		out[CSVName(x.Spec.Name)] = b
	}
	dict := r.Dictionary(cb)
	var err error
	if out[Dictionary], err = writeCSV(dict); err != nil {
		return nil, err
	}
	if out[DataXLSX], err = r.XLSX(dict); err != nil {
		return nil, err
	}
	if out[GeneralizationFile], err = r.GeneralizationYAML(); err != nil {
		return nil, err
	}
	return out, nil
}

// XLSX renders one sheet per extract and the dictionary as a workbook with
// a true dimension per sheet, the year stored as a number, and fixed
// document properties, so the bytes are reproducible.
func (r *Release) XLSX(dict [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	type sheet struct {
		name string
		rows [][]string
	}
	var sheets []sheet
	for _, x := range r.Extracts {
		sheets = append(sheets, sheet{x.Spec.Name, append([][]string{x.Header}, x.Rows...)})
	}
	sheets = append(sheets, sheet{"dictionary", dict})
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		if err := streamSheet(f, sh.name, sh.rows, sh.name != "dictionary"); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", sh.name, err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "gtmsurvey", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return canonicalZip(buf.Bytes())
}

// canonicalZip rewrites a zip with its entries in a fixed order
// ([Content_Types].xml first, then by name) and a fixed time: excelize
// writes streamed sheets in map order.
func canonicalZip(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// streamSheet writes rows through excelize's StreamWriter after declaring
// the sheet's used range. With yearFirst, the first column below the
// header is written as numbers; empty cells are left out.
func streamSheet(f *excelize.File, name string, rows [][]string, yearFirst bool) error {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	last, err := excelize.CoordinatesToCellName(max(1, width), max(1, len(rows)))
	if err != nil {
		return err
	}
	if err := f.SetSheetDimension(name, "A1:"+last); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			switch {
			case v == "":
				vals[j] = nil
			case yearFirst && i > 0 && j == 0:
				n, err := strconv.Atoi(v)
				if err != nil {
					return fmt.Errorf("row %d: year %q is not a number", i+1, v)
				}
				vals[j] = n
			default:
				vals[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// Dictionary returns the data dictionary rows: extract, column, variable,
// label, type, levels, years asked, role, generalization.
func (r *Release) Dictionary(cb *codebook.Codebook) [][]string {
	out := [][]string{{"extract", "column", "variable", "label", "type", "levels", "years_asked", "role", "generalization"}}
	for _, x := range r.Extracts {
		out = append(out, []string{x.Spec.Name, "year", "year", "Survey wave", "integer", "", yearsOf(cb, ""), "quasi_identifier",
			"none (every equivalence class lies within one year)"})
		for j, col := range x.Columns {
			out = append(out, x.dictionaryRow(cb, r.Config, j, col))
		}
	}
	return out
}

func (x *Extract) dictionaryRow(cb *codebook.Codebook, c *Config, j int, col Column) []string {
	v := cb.Var(col.Variable)
	row := []string{x.Spec.Name, col.Name, v.Name, v.Label}
	note := ""
	if v.Note != "" {
		note = " (" + v.Note + ")"
	}
	notAsked := "; \"" + NotAsked + "\" in waves that did not ask it"
	if col.QI {
		q := x.qis[j]
		released := x.releasedLabels(v, q, x.Levels[j])
		how := fmt.Sprintf("hierarchy level %d of %d", x.Levels[j], q.Height())
		if x.Levels[j] == q.Height() {
			how = "fully suppressed (*) to reach k"
		}
		if q.multi {
			how += "; chosen options (generalized) joined by \"; \""
		}
		return append(row, "single", strings.Join(released, " | "), yearsOf(cb, v.Name), string(v.Role), how+notAsked+note)
	}
	typ, levels, how := v.Type, strings.Join(v.Levels, " | "), "released as answered"
	switch {
	case col.Option != "":
		typ, levels, how = "option", Chosen+" | "+NotChosen, fmt.Sprintf("whether option %q was chosen", col.Option)
	case col.bands != nil:
		typ, levels, how = "band", strings.Join(col.bands.Labels, " | "), "fixed bands with bottom and top codes"
	}
	how += "; * where a rule below suppressed it (l-diversity, modal share, any two columns with the year, related columns)"
	return append(row, string(typ), levels, yearsOf(cb, v.Name), string(v.Role), how+notAsked+note)
}

// releasedLabels lists the labels a quasi-identifier can show at a level.
func (x *Extract) releasedLabels(v *codebook.Variable, q *QI, level int) []string {
	labels := v.Levels
	if q.Bands != nil {
		labels = q.Bands.Labels
	}
	var out []string
	seen := map[string]bool{}
	for _, l := range labels {
		g := q.generalize(l, level)
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

func yearsOf(cb *codebook.Codebook, name string) string {
	var ys []string
	if name == "" {
		for _, w := range cb.Waves {
			ys = append(ys, itoa(w.Year))
		}
		sort.Strings(ys)
	} else {
		for _, y := range cb.WavesAsking(name) {
			ys = append(ys, itoa(y))
		}
	}
	return strings.Join(ys, " ")
}

// Generalization is the machine-readable record of a release's chosen
// levels: the proposal the analyst keeps under pinned: in release.yaml,
// and what -previous reads back from a published release.
type Generalization struct {
	K      int                       `yaml:"k"`
	Pinned map[string]map[string]int `yaml:"pinned"`
	Years  map[string][]int          `yaml:"years"`
}

// Generalization returns the release's chosen levels and released waves.
func (r *Release) Generalization() Generalization {
	g := Generalization{K: r.Config.K, Pinned: map[string]map[string]int{}, Years: map[string][]int{}}
	for _, x := range r.Extracts {
		lv := map[string]int{}
		for j, q := range x.qis {
			lv[q.Variable] = x.Levels[j]
		}
		g.Pinned[x.Spec.Name] = lv
		var ys []int
		for y, n := range x.RowsOut {
			if n > 0 {
				ys = append(ys, y)
			}
		}
		sort.Ints(ys)
		g.Years[x.Spec.Name] = ys
	}
	return g
}

// GeneralizationYAML renders Generalization with a header saying how to use it.
func (r *Release) GeneralizationYAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Generalization levels of this release (level = steps up the hierarchy in release.yaml; height = \"*\").\n")
	b.WriteString("# Once published, copy the pinned: block into release.yaml: later releases may only coarsen it.\n")
	b.WriteString("# `analyze -previous DIR` reads this file from the last published release for the intersection attack.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(r.Generalization()); err != nil {
		return nil, fmt.Errorf("encode generalization: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ParseGeneralization reads a published release's generalization.yaml.
func ParseGeneralization(data []byte) (Generalization, error) {
	var g Generalization
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("parse generalization: %w", err)
	}
	if g.K < 2 || len(g.Pinned) == 0 {
		return g, fmt.Errorf("parse generalization: need k >= 2 and at least one extract")
	}
	return g, nil
}

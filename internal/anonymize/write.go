package anonymize

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
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
func (x *Extract) CSV() ([]byte, error) {
	head, err := writeCSV([][]string{x.Header})
	if err != nil {
		return nil, err
	}
	t := x.rows
	fields := make([][][]byte, len(t.labels))
	size := len(head) + t.rows()*len(t.labels) // the commas and newlines
	for j, labels := range t.labels {
		counts := make([]int, len(labels))
		for _, c := range t.cells[j] {
			counts[c]++
		}
		for c, l := range labels {
			f, err := csvField(l)
			if err != nil {
				return nil, err
			}
			fields[j] = append(fields[j], f)
			size += counts[c] * len(f)
		}
	}
	b := bytes.NewBuffer(make([]byte, 0, size))
	b.Write(head)
	for r := 0; r < t.rows(); r++ {
		for j, col := range t.cells {
			if j > 0 {
				b.WriteByte(',')
			}
			b.Write(fields[j][col[r]])
		}
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// csvField is one field as encoding/csv writes it (quoted where needed).
func csvField(s string) ([]byte, error) {
	b, err := writeCSV([][]string{{s}})
	if err != nil {
		return nil, err
	}
	return b[:len(b)-1], nil // without the record's newline
}

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
	csvs := make([][]byte, len(r.Extracts))
	size := func(i int) int { return r.Extracts[i].Len() * len(r.Extracts[i].Header) }
	err := parallel.EachLargestFirst(len(r.Extracts), size, func(i int) error {
		var err error
		csvs[i], err = r.Extracts[i].CSV()
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, x := range r.Extracts {
		out[CSVName(x.Spec.Name)] = csvs[i]
	}
	dict := r.Dictionary(cb)
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

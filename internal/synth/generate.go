// Package synth writes deterministic synthetic survey exports, one per year
// 2022–2026, in the formats the real survey tools produce, with the codebook
// that reads them and a truth.json of the planted effects.
//
// Nothing it writes is real: names, companies, emails and addresses are drawn
// from fixed word lists and reserved example domains and address ranges
// (RFC 2606, RFC 5737).
package synth

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// Options control generation.
type Options struct {
	Seed    uint64
	Scale   float64 // multiplies the per-wave sample sizes; 1 gives SURVEY.md's sizes
	Effects string  // EffectsPlanted, EffectsNull, EffectsNullWobble or EffectsH5Wave
	// Clean turns off every value and row defect (for tests of the mapping).
	Clean bool
}

// DefaultOptions are those of the bundled data/ folder.
func DefaultOptions() Options { return Options{Seed: 20260512, Scale: 1, Effects: "planted"} }

// Validate checks the options.
func (o Options) Validate() error {
	if o.Scale <= 0 || o.Scale > 1000 || math.IsNaN(o.Scale) {
		return fmt.Errorf("-scale must be in (0, 1000], got %g", o.Scale)
	}
	if o.Effects != EffectsPlanted && o.Effects != EffectsH5Wave && !isNullMode(o.Effects) {
		return fmt.Errorf("-effects must be planted, null, null-wobble or h5-wave, got %q", o.Effects)
	}
	return nil
}

// Sizes are the per-wave row counts at scale 1 (SURVEY.md).
var Sizes = map[int]int{2022: 480, 2023: 350, 2024: 420, 2025: 460, 2026: 520}

// Row-defect rates per wave, reported in truth.json.
var defectRates = map[int]map[string]float64{
	2022: {"duplicate": 0.02},
	2023: {"duplicate": 0.02, "partial": 0.04, "speeder": 0.02},
	2024: {"duplicate": 0.02, "partial": 0.04, "speeder": 0.02},
	2025: {"duplicate": 0.02, "partial": 0.04, "speeder": 0.02, "preview": 0.02},
	2026: {"duplicate": 0.02, "partial": 0.04, "speeder": 0.02},
}

// Export is one generated wave: the file's rows in order (a nil-free list:
// blank rows are Respondents with Defect "blank") and what was planted.
type Export struct {
	Year    int
	File    string
	Rows    []*Respondent
	Planted []map[string]string // per row: variable → missing reason planted
}

// Result is a whole generated data folder.
type Result struct {
	Files    map[string][]byte // file name → content, including codebook.yaml and truth.json
	Exports  []*Export
	Codebook *codebook.Codebook
}

// Generate builds all waves in memory.
func Generate(o Options) (*Result, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	eff := effectsFor(o)
	res := &Result{Files: map[string][]byte{}}
	cb := &codebook.Codebook{Version: 1, Variables: Variables()}
	roles := map[string]codebook.Role{}
	for _, v := range cb.Variables {
		roles[v.Name] = v.Role
	}
	truthWaves := []map[string]any{}
	var pn panel
	var prev []*Respondent
	for _, w := range waves() {
		r := rand.New(rand.NewPCG(o.Seed, uint64(w.year)))
		rates := defectRates[w.year]
		if o.Clean {
			rates = nil
		}
		people, rows := drawRows(r, o, w, eff, rates, &pn, prev)
		prev = people
		exp, cells := fillCells(r, o, w, rows, roles)
		data, err := render(w, cells, o)
		if err != nil {
			return nil, fmt.Errorf("synth %d: %w", w.year, err)
		}
		res.Files[w.file] = data
		res.Exports = append(res.Exports, exp)
		cb.Waves = append(cb.Waves, codebookWave(w))
		truthWaves = append(truthWaves, waveTruth(w, rows, rates))
	}
	if err := addCodebook(res, cb); err != nil {
		return nil, err
	}
	tj, err := truthJSON(o, eff, truthWaves, &pn)
	if err != nil {
		return nil, err
	}
	res.Files["truth.json"] = tj
	return res, nil
}

// drawRows draws one wave from its stream r: the respondents (with the
// panel, per-wave truth hooks and planted trends applied) and the file's
// rows, which add the row defects at the given rates, the duplicates and,
// in 2022 unless o.Clean, a blank row. The respondents are returned apart
// (without duplicates) as the next wave's panel source.
func drawRows(r *rand.Rand, o Options, w *wave, eff Effects, rates map[string]float64, pn *panel, prev []*Respondent) (people, rows []*Respondent) {
	n := int(math.Round(float64(Sizes[w.year]) * o.Scale))
	nd := int(math.Round(rates["duplicate"] * float64(n)))
	people = generate(r, w.year, n-nd, eff)
	pn.plant(o, eff, w.year, prev, people)
	for _, p := range people {
		if w.truth != nil {
			w.truth(p)
		}
	}
	if o.Effects == "planted" {
		plantTrends(people, w.year, o.Seed)
	}
	// Row defects on distinct clean respondents.
	perm := r.Perm(len(people))
	k := markDefects(r, people, perm, rates, n)
	rows = addDuplicates(r, people, perm, k, nd)
	if w.year == 2022 && !o.Clean && len(rows) > 2 {
		at := len(rows) / 2
		rows = append(rows[:at], append([]*Respondent{{Year: 2022, Defect: "blank"}}, rows[at:]...)...)
	}
	return people, rows
}

// markDefects marks respondents people[perm[0]], people[perm[1]], … as
// previews, partials and speeders (round(rate × n) of each, speeders given
// a short duration) and returns how many of perm it used.
func markDefects(r *rand.Rand, people []*Respondent, perm []int, rates map[string]float64, n int) int {
	k := 0
	for _, d := range []string{"preview", "partial", "speeder"} {
		m := int(math.Round(rates[d] * float64(n)))
		for j := 0; j < m && k < len(perm); j++ {
			p := people[perm[k]]
			k++
			p.Defect = d
			if d == "speeder" {
				p.Submitted = p.Started + 25 + int64(r.IntN(60))
			}
		}
	}
	return k
}

// addDuplicates returns people with nd earlier copies inserted at random
// places, each of a respondent from perm[k:] with a new ID, earlier times
// and a win rate one point lower.
func addDuplicates(r *rand.Rand, people []*Respondent, perm []int, k, nd int) []*Respondent {
	rows := append([]*Respondent(nil), people...)
	for j := 0; j < nd && k < len(perm); j++ {
		orig := people[perm[k]]
		k++
		cp := *orig
		cp.Defect = "duplicate"
		cp.ID = fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
		cp.Submitted = orig.Started - int64(3600+r.IntN(3*86400))
		cp.Started = cp.Submitted - (orig.Submitted - orig.Started)
		cp.WinRate = math.Max(0, cp.WinRate-1)
		at := r.IntN(len(rows) + 1)
		rows = append(rows[:at], append([]*Respondent{&cp}, rows[at:]...)...)
	}
	return rows
}

// fillCells renders each row into the wave's cells (value defects planted
// unless o.Clean; partial responses blanked after the first third of the
// analysed questions) and returns them with the wave's Export, which
// records what was planted per row.
func fillCells(r *rand.Rand, o Options, w *wave, rows []*Respondent, roles map[string]codebook.Role) (*Export, [][]string) {
	exp := &Export{Year: w.year, File: w.file, Rows: rows}
	cells := make([][]string, len(rows))
	for i, p := range rows {
		c := &ctx{r: r, p: p, planted: map[string]string{}, dirty: !o.Clean}
		row := make([]string, len(w.cols))
		if p.Defect != "blank" {
			for j, col := range w.cols {
				row[j] = col.cell(c)
			}
			if p.Defect == "partial" {
				blankAfter(w, row, roles, c)
			}
		}
		cells[i] = row
		exp.Planted = append(exp.Planted, c.planted)
	}
	return exp, cells
}

// waveTruth is a wave's entry in truth.json: its file, tool, header rows,
// row count and the row defects planted (counts and rates).
func waveTruth(w *wave, rows []*Respondent, rates map[string]float64) map[string]any {
	counts := map[string]int{}
	for _, p := range rows {
		if p.Defect != "" {
			counts[p.Defect]++
		}
	}
	return map[string]any{"year": w.year, "file": w.file, "tool": w.tool,
		"header_rows": w.headerRows, "rows": len(rows), "row_defects": counts, "row_defect_rates": rates}
}

// addCodebook adds codebook.yaml and release.yaml to res and sets
// res.Codebook to the codebook as the pipeline will load it.
func addCodebook(res *Result, cb *codebook.Codebook) error {
	addEquivalents(cb)
	yml, err := marshalCodebook(cb)
	if err != nil {
		return err
	}
	res.Files["codebook.yaml"] = yml
	res.Files["release.yaml"] = ReleaseConfig()
	if res.Codebook, err = codebook.Parse(yml); err != nil {
		return fmt.Errorf("synth: generated codebook does not load: %w", err)
	}
	return nil
}

// truthJSON is the content of truth.json: the options, the effects, the
// waves' entries, the value-defect rates, the hypotheses' and trends'
// expected results and the planted panel.
func truthJSON(o Options, eff Effects, truthWaves []map[string]any, pn *panel) ([]byte, error) {
	truth := map[string]any{
		"generator": "gtmsurvey synth", "seed": o.Seed, "scale": o.Scale, "effects_mode": o.Effects, "clean": o.Clean,
		"effects": eff, "waves": truthWaves,
		"value_defect_rates": map[string]float64{"item_blank": rateItemBlank, "not_applicable": rateNA, "ambiguous_fraction": rateAmbiguous,
			"unparseable": rateGarbage, "non_usd_currency": rateNonUSD, "band_label_drift": rateDrift},
		"hypotheses": hypothesesTruth(o.Effects),
		"trends":     trendsTruth(o.Effects),
		"panel":      pn.truth(),
	}
	tj, err := json.MarshalIndent(truth, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(tj, '\n'), nil
}

func hypothesesTruth(mode string) []map[string]any {
	e := Planted()
	if mode == EffectsH5Wave {
		return []map[string]any{
			{"id": "H1", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H2", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H3", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H4", "planted": "none (revenue slope zero, SDR slope zero)", "expected_verdict": "not supported"},
			{"id": "H5", "planted": fmt.Sprintf("wave effect only: median expected gain %v and optimists %v for 2024–2026 among new respondents; repeat companies keep their first wave's distribution (no within-company change)", e.H5ExpMedian, e.H5Optimists), "expected_verdict": "not supported (part a finds the wave effect, part b no change)"},
		}
	}
	if isNullMode(mode) {
		return []map[string]any{
			{"id": "H1", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H2", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H3", "planted": "none", "expected_verdict": "not supported"},
			{"id": "H4", "planted": "none (revenue slope zero, SDR slope zero)", "expected_verdict": "not supported"},
			{"id": "H5", "planted": "none", "expected_verdict": "not supported"},
		}
	}
	return []map[string]any{
		{"id": "H1", "planted": fmt.Sprintf("augmented: win rate +%g points, new ARR per AE ×%g (2025–2026)", e.H1WinShift, e.H1ARRFactor), "expected_verdict": "supported"},
		{"id": "H2", "planted": fmt.Sprintf("sd of asinh(ARR growth) %v for 2022–2026; ×%g when AI budget share > 10%% (2025+)", e.H2SpreadByYr, e.H2HighAIScale), "expected_verdict": "supported"},
		{"id": "H3", "planted": fmt.Sprintf("latent cycle change %+g per SD of buyer-AI index, %+g per SD of seller-AI index (2026)", e.H3Buyer, e.H3Seller), "expected_verdict": "supported"},
		{"id": "H4", "planted": fmt.Sprintf("latent SDR headcount change %+g per SD of asinh(measured gain); no effect on ARR growth", e.H4SDR), "expected_verdict": "supported"},
		{"id": "H5", "planted": fmt.Sprintf("median expected gain %v and share of 500%% optimists %v for 2024–2026; measured gain unchanged", e.H5ExpMedian, e.H5Optimists), "expected_verdict": "supported"},
	}
}

// blankAfter empties the analysed questions after the first third of them
// (a partial response), recording each as planted "partial".
func blankAfter(w *wave, row []string, roles map[string]codebook.Role, c *ctx) {
	var q []int
	for j, col := range w.cols {
		if r := roles[col.v]; r == codebook.RoleQuasi || r == codebook.RoleSensitive {
			q = append(q, j)
		}
	}
	for _, j := range q[len(q)/3:] {
		row[j] = ""
		c.planted[w.cols[j].v] = "partial"
	}
}

// headerCells returns the header rows of a wave and, per column, the key
// the reader will give it (survey.Column.Key, or the tag for three rows).
func headerCells(w *wave) (rows [][]string, keys []string) {
	n := len(w.cols)
	switch w.headerRows {
	case 1:
		r := make([]string, n)
		for j, c := range w.cols {
			r[j] = c.text
			keys = append(keys, survey.CleanHeader(c.text))
		}
		rows = [][]string{r}
	case 2:
		r1, r2 := make([]string, n), make([]string, n)
		last := ""
		for j, c := range w.cols {
			r1[j], r2[j] = c.text, c.sub
			t := survey.CleanHeader(c.text)
			if t == "" {
				t = last
			}
			last = t
			keys = append(keys, survey.Column{Text: t, Sub: survey.CleanHeader(c.sub)}.Key())
		}
		rows = [][]string{r1, r2}
	case 3:
		r1, r2, r3 := make([]string, n), make([]string, n), make([]string, n)
		for j, c := range w.cols {
			r1[j], r2[j] = c.tag, c.text
			r3[j] = fmt.Sprintf(`{"ImportId":"%s"}`, c.qid)
			keys = append(keys, c.tag)
		}
		rows = [][]string{r1, r2, r3}
	}
	return rows, keys
}

func codebookWave(w *wave) *codebook.Wave {
	cw := &codebook.Wave{Year: w.year, File: w.file, Tool: w.tool, HeaderRows: w.headerRows}
	_, keys := headerCells(w)
	for j, c := range w.cols {
		if c.v == "" {
			cw.Ignore = append(cw.Ignore, keys[j])
			continue
		}
		m := codebook.ColumnMap{Var: c.v, Option: c.option, Text: questionText(w, c, keys[j])}
		if w.headerRows == 3 {
			m.Tag = keys[j]
		} else {
			m.Header = keys[j]
		}
		if len(c.recode) > 0 {
			m.Recode = map[string]string{}
			for k, v := range c.recode {
				if k != v {
					m.Recode[k] = v
				}
			}
			if len(m.Recode) == 0 {
				m.Recode = nil
			}
		}
		cw.Columns = append(cw.Columns, m)
	}
	return cw
}

func marshalCodebook(cb *codebook.Codebook) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# gtmsurvey codebook: canonical variables and how each yearly export maps onto them.\n")
	b.WriteString("# Generated by `analyze synth` for the synthetic sample; edit a copy for real exports.\n")
	b.WriteString("# Format: docs/codebook.md.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(cb); err != nil {
		return nil, fmt.Errorf("encode codebook: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func render(w *wave, cells [][]string, o Options) ([]byte, error) {
	hdr, _ := headerCells(w)
	if strings.HasSuffix(w.file, ".csv") {
		var b bytes.Buffer
		if w.tool == "qualtrics" {
			b.WriteString("\ufeff") // Qualtrics writes a UTF-8 BOM
		}
		cw := csv.NewWriter(&b)
		cw.UseCRLF = w.tool == "google_forms"
		extra := 0
		if w.tool == "google_forms" && !o.Clean {
			extra = 2 // trailing empty columns
		}
		pad := func(r []string) []string { return append(append([]string(nil), r...), make([]string, extra)...) }
		for _, r := range hdr {
			if err := cw.Write(pad(r)); err != nil {
				return nil, err
			}
		}
		for _, r := range cells {
			if err := cw.Write(pad(r)); err != nil {
				return nil, err
			}
		}
		if !o.Clean {
			for i := 0; i < 2; i++ { // trailing empty rows
				if err := cw.Write(make([]string, len(hdr[0])+extra)); err != nil {
					return nil, err
				}
			}
		}
		cw.Flush()
		return b.Bytes(), cw.Error()
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Responses"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for i, r := range hdr {
		for j, v := range r {
			if v == "" {
				continue
			}
			if err := f.SetCellStr(sheet, cellName(j, i+1), v); err != nil {
				return nil, err
			}
		}
	}
	if w.headerRows == 2 { // merge each question's header cell over its block
		for j := 0; j < len(w.cols); {
			k := j + 1
			for k < len(w.cols) && w.cols[k].text == "" {
				k++
			}
			if k-j > 1 {
				if err := f.MergeCell(sheet, cellName(j, 1), cellName(k-1, 1)); err != nil {
					return nil, err
				}
			}
			j = k
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return nil, err
	}
	for i, r := range cells {
		rowNum := len(hdr) + i + 1
		for j, v := range r {
			if v == "" {
				continue
			}
			cell := cellName(j, rowNum)
			if w.cols[j].date {
				sec, _ := strconv.ParseInt(v, 10, 64)
				serial := float64(sec)/86400 + 25569 // Unix epoch in the 1900 date system
				if err := f.SetCellFloat(sheet, cell, serial, -1, 64); err != nil {
					return nil, err
				}
				if err := f.SetCellStyle(sheet, cell, cell, dateStyle); err != nil {
					return nil, err
				}
				continue
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "gtmsurvey synth", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func cellName(col, row int) string { return survey.ColumnName(col) + strconv.Itoa(row) }

// Write generates and writes the files into dir (created if needed), in
// sorted order. Existing files of the same names are replaced.
func Write(dir string, o Options) (*Result, error) {
	res, err := Generate(o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	names := make([]string, 0, len(res.Files))
	for n := range res.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), res.Files[n], 0o644); err != nil {
			return nil, fmt.Errorf("synth: write %s: %w", n, err)
		}
	}
	return res, nil
}

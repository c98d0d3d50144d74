// Package report renders what a run produces and puts it in place: the
// private respondent-level files, results.json, report.html and report.md
// (from an Input of plain values), and manifest.json, which Commit writes
// last while it moves the staged outputs into the output folder.
package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// ResponsesCSV renders out/private/responses.csv: one row per kept response,
// columns year, response_id, then every codebook variable that is neither a
// direct identifier nor free text (nor response_id again), in codebook order.
// Multi-select answers are canonical labels joined by "; ".
func ResponsesCSV(d *dataset.Dataset, cb *codebook.Codebook) ([]byte, error) {
	var cols []*dataset.Column
	header := []string{"year", "response_id"}
	for _, v := range cb.Variables {
		if v.Role == codebook.RoleDirect || v.Role == codebook.RoleFreeText || v.Name == "response_id" {
			continue
		}
		cols = append(cols, d.Col(v.Name))
		header = append(header, v.Name)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		return nil, err
	}
	rec := make([]string, len(header))
	for i := 0; i < d.Len(); i++ {
		rec[0] = strconv.Itoa(d.Year[i])
		rec[1] = EscapeCell(d.ID[i])
		if rec[1] == "" {
			rec[1] = fmt.Sprintf("%d-row%d", d.Year[i], d.Line[i])
		}
		for j, c := range cols {
			rec[j+2] = c.Format(i)
			if c.Kind == dataset.Text {
				rec[j+2] = EscapeCell(rec[j+2])
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	// The buffer grew by doubling; the file is held until the run ends, so
	// keep only its bytes (at a million responses a quarter gigabyte of
	// slack otherwise).
	return bytes.Clone(b.Bytes()), w.Error()
}

// ExclusionRow is one line of exclusions.csv.
type ExclusionRow struct {
	Year       int    `csv:"year"`
	File       string `csv:"file"`
	Row        int    `csv:"row"`
	ResponseID string `csv:"response_id"`
	Reason     string `csv:"reason"`
}

// ExclusionsCSV renders out/private/exclusions.csv: every excluded input row
// with its file, row, response id and reason, in ledger (file) order.
func ExclusionsCSV(l *dataset.Ledger) ([]byte, error) {
	rows := []ExclusionRow{}
	for _, e := range l.Excluded() {
		rows = append(rows, ExclusionRow{Year: e.Year, File: EscapeCell(filepath.Base(e.File)), Row: e.Row, ResponseID: EscapeCell(e.ResponseID), Reason: string(e.Reason)})
	}
	s, err := gocsv.MarshalString(&rows)
	if err != nil {
		return nil, fmt.Errorf("exclusions.csv: %w", err)
	}
	return []byte(s), nil
}

// EscapeCell makes a text cell that came from the data safe to open in a
// spreadsheet: one starting with =, +, -, @, tab or CR (a formula, or one
// hidden behind a control character) gets a leading apostrophe, which
// spreadsheets show as text (OWASP CSV injection).
func EscapeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Package ingest reads every export a codebook names from a data folder and
// harmonizes them into one dataset, with the ledger and per-wave reports.
package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// Result is the harmonized (not yet cleaned) data of all waves.
type Result struct {
	Data    *dataset.Dataset
	Ledger  *dataset.Ledger
	Reports []*codebook.WaveReport // in wave (year) order
	Read    map[string]int         // data rows read per file (path as reported)
	Inputs  []Input
}

// Input describes one file read.
type Input struct {
	Path string
	Year int
	Rows int
}

var yearRe = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)

// Load reads the exports in dir named by the codebook's waves, in year order.
// Every .csv and .xlsx file in dir must belong to a wave: a file that no wave
// names is an error (naming the year it collides with, if its name has one).
func Load(dir string, cb *codebook.Codebook) (*Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read data folder: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if e.IsDir() || (ext != ".csv" && ext != ".xlsx") {
			continue
		}
		if cb.WaveFor(name) != nil {
			continue
		}
		if m := yearRe.FindStringSubmatch(name); m != nil {
			for _, w := range cb.Waves {
				if fmt.Sprint(w.Year) == m[1] {
					return nil, fmt.Errorf("%s: two files for year %d (%s is the codebook's): %w",
						filepath.Join(dir, name), w.Year, w.File, codebook.ErrNoWave)
				}
			}
		}
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, name), codebook.ErrNoWave)
	}
	waves := append([]*codebook.Wave(nil), cb.Waves...)
	sort.Slice(waves, func(i, j int) bool { return waves[i].Year < waves[j].Year })
	// Waves are read and harmonized concurrently (at most GOMAXPROCS at a
	// time), each into its own dataset and ledger, then joined in year order:
	// the result does not depend on scheduling.
	type part struct {
		rows int
		d    *dataset.Dataset
		l    *dataset.Ledger
		rep  *codebook.WaveReport
		err  error
	}
	parts := make([]part, len(waves))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k, w := range waves {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p := &parts[k]
			t, err := survey.Read(filepath.Join(dir, w.File))
			if err != nil {
				p.err = err
				return
			}
			p.rows = len(t.Rows)
			p.d, p.l = cb.NewDataset(), &dataset.Ledger{}
			p.d.Grow(p.rows)
			p.l.Grow(p.rows)
			p.rep, p.err = cb.Harmonize(w, t, p.d, p.l)
		}()
	}
	wg.Wait()
	res := &Result{Data: cb.NewDataset(), Ledger: &dataset.Ledger{}, Read: map[string]int{}}
	total := 0
	for _, p := range parts {
		total += p.rows
	}
	res.Data.Grow(total)
	res.Ledger.Grow(total)
	for k, w := range waves {
		p := parts[k]
		if p.err != nil {
			return nil, p.err
		}
		res.Data.Append(p.d)
		res.Ledger.Append(p.l)
		parts[k].d, parts[k].l = nil, nil // release as we go
		res.Reports = append(res.Reports, p.rep)
		path := filepath.Join(dir, w.File)
		res.Read[path] = p.rows
		res.Inputs = append(res.Inputs, Input{Path: path, Year: w.Year, Rows: p.rows})
	}
	return res, nil
}

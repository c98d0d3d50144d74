// Package ingest reads every export a codebook names from a data folder and
// harmonizes them into one dataset, with the ledger and per-wave reports.
package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

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
	Inputs  []Input                // one per file, in wave order, for the manifest
}

// Input describes one file read: what the manifest records of it.
type Input struct {
	Path     string
	Year     int
	Rows     int    // data rows read (the ledger's "in")
	SHA256   string // hex digest of the bytes read
	Bytes    int64
	Encoding survey.Encoding
	Warnings []string // how the file was read, for validate to print
}

// Options bound what Load reads.
type Options struct {
	// MaxFileSize caps each export's size in bytes; zero means
	// survey.DefaultMaxBytes.
	MaxFileSize int64
}

var yearRe = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)

// Load reads the exports in dir named by the codebook's waves, in year order.
// Every .csv and .xlsx file in dir must belong to a wave: a file that no wave
// names is an error (naming the year it collides with, if its name has one).
func Load(dir string, cb *codebook.Codebook) (*Result, error) {
	return LoadWith(dir, cb, Options{})
}

// LoadWith is Load with limits. Each export is read in the layout its wave
// fixes (tool and header rows), checked against the file.
func LoadWith(dir string, cb *codebook.Codebook, o Options) (*Result, error) {
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
	// Reading (parsing the file) runs ahead of harmonizing by at most one
	// wave, in its own goroutine; harmonizing runs in year order into one
	// dataset. Two cores stay busy while at most two raw tables are alive,
	// and the result does not depend on scheduling.
	type read struct {
		t   *survey.Table
		err error
	}
	chans := make([]chan read, len(waves))
	for k := range chans {
		chans[k] = make(chan read, 1)
	}
	ahead := make(chan struct{}, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for k, w := range waves {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			t, err := survey.ReadLayout(filepath.Join(dir, w.File),
				survey.Layout{Tool: survey.Tool(w.Tool), HeaderRows: w.HeaderRows, MaxBytes: o.MaxFileSize})
			chans[k] <- read{t, err}
		}
	}()
	res := &Result{Ledger: &dataset.Ledger{}, Read: map[string]int{}}
	var parts []*dataset.Dataset
	for k, w := range waves {
		rd := <-chans[k]
		<-ahead
		if rd.err != nil {
			return nil, rd.err
		}
		part := cb.NewDataset()
		part.Grow(len(rd.t.Rows))
		parts = append(parts, part)
		res.Ledger.Grow(len(rd.t.Rows))
		rep, err := cb.Harmonize(w, rd.t, part, res.Ledger)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, w.File)
		res.Reports = append(res.Reports, rep)
		res.Read[path] = len(rd.t.Rows)
		res.Inputs = append(res.Inputs, Input{Path: path, Year: w.Year, Rows: len(rd.t.Rows),
			SHA256: rd.t.SHA256, Bytes: rd.t.Bytes, Encoding: rd.t.Encoding, Warnings: rd.t.Warnings})
	}
	res.Data = dataset.Concat(parts)
	return res, nil
}

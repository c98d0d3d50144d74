// Package ingest reads every export a codebook names from a data folder and
// harmonizes them into one dataset, with the ledger and per-wave reports.
//
// Files by job: ingest.go finds the waves' files and reads them side by
// side; harmonize.go streams one wave through the reader (survey), binding
// the codebook's column maps once the header is known and mapping each row;
// cells.go parses a mapped cell (the codebook's CellParser behind a cache);
// derive.go fills variables a wave computes from others; report.go is the
// harmonization report (WaveReport) and the check of unmapped columns.
package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// Result is the harmonized (not yet cleaned) data of all waves.
type Result struct {
	Data    *dataset.Dataset
	Ledger  *dataset.Ledger
	Reports []*WaveReport  // in wave (year) order
	Read    map[string]int // data rows read per file (path as reported)
	Inputs  []Input        // one per file, in wave order, for the manifest

	elapsed []time.Duration // per input, the wall time reading and harmonizing it took: progress lines only
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

// readWaves reads and harmonizes each wave as it streams, into a dataset
// and ledger of its own, on as many cores as there are, and returns them
// with the wall time each took; the caller joins them in year order, so the
// result does not depend on scheduling. The error is the first wave's that
// failed, in year order; once a wave has failed, the later waves not yet
// started are not read (their errors could not be the one reported).
func readWaves(dir string, cb *codebook.Codebook, waves []*codebook.Wave, o Options) ([]*harmonized, []time.Duration, error) {
	out := make([]*harmonized, len(waves))
	took := make([]time.Duration, len(waves))
	work := waveWork(dir, waves)
	var firstFailed atomic.Int64
	firstFailed.Store(int64(len(waves)))
	err := parallel.EachLargestFirst(len(waves), func(k int) int { return work[k] }, func(k int) error {
		if int64(k) > firstFailed.Load() {
			return nil
		}
		start := time.Now()
		h, err := harmonizeFile(cb, waves[k], filepath.Join(dir, waves[k].File), o.MaxFileSize)
		out[k], took[k] = h, time.Since(start)
		if err != nil {
			lowerTo(&firstFailed, int64(k))
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out, took, nil
}

// lowerTo sets v to k unless it already holds a smaller value.
func lowerTo(v *atomic.Int64, k int64) {
	for {
		cur := v.Load()
		if k >= cur || v.CompareAndSwap(cur, k) {
			return
		}
	}
}

// waveWork is the work each wave's file is likely to take, for starting
// the biggest first so that the cores finish together: an XLSX byte (XML,
// compressed) costs about four CSV bytes. Only the order of work depends on
// it, never a result.
func waveWork(dir string, waves []*codebook.Wave) []int {
	work := make([]int, len(waves))
	for k, w := range waves {
		if st, err := os.Stat(filepath.Join(dir, w.File)); err == nil {
			work[k] = int(st.Size())
			if strings.EqualFold(filepath.Ext(w.File), ".xlsx") {
				work[k] *= 4
			}
		}
	}
	return work
}

// Rates lists each file's rows per second of the wall time reading and
// harmonizing it took (waves are read side by side), for a progress line:
// "2022 181k, 2023 120k rows/s".
func (r *Result) Rates() string {
	parts := make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		parts[i] = fmt.Sprintf("%d %.0fk", in.Year, float64(in.Rows)/max(r.elapsed[i].Seconds(), 1e-9)/1000)
	}
	return strings.Join(parts, ", ") + " rows/s"
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
//
// kept: the default-limits entry the tests of clean, trends, hypotheses and synthtest load through.
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
		if cb.WaveFor(name) != nil || name == codebook.WithdrawnFile {
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
	out, took, err := readWaves(dir, cb, waves, o)
	if err != nil {
		return nil, err
	}
	res := &Result{Read: map[string]int{}, elapsed: took}
	parts := make([]*dataset.Dataset, len(waves))
	ledgers := make([]*dataset.Ledger, len(waves))
	for k, w := range waves {
		h := out[k]
		path := filepath.Join(dir, w.File)
		parts[k], ledgers[k] = h.Data, h.Ledger
		res.Reports = append(res.Reports, h.Report)
		res.Read[path] = h.Report.Rows
		res.Inputs = append(res.Inputs, Input{Path: path, Year: w.Year, Rows: h.Report.Rows,
			SHA256: h.Table.SHA256, Bytes: h.Table.Bytes, Encoding: h.Table.Encoding, Warnings: h.Table.Warnings})
	}
	res.Ledger = dataset.ConcatLedgers(ledgers)
	res.Data = dataset.Concat(parts)
	return res, nil
}

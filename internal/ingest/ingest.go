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
	// Elapsed is the wall time reading and harmonizing the file took (waves
	// are read side by side): for progress lines only, never for an output.
	Elapsed time.Duration
}

// readWaves reads and harmonizes each wave as it streams, into a dataset
// and ledger of its own, on as many cores as there are, and returns them
// with the wall time each took; the caller joins them in year order, so the
// result does not depend on scheduling. The error is the first wave's that
// failed, in year order.
func readWaves(dir string, cb *codebook.Codebook, waves []*codebook.Wave, o Options) ([]*codebook.Harmonized, []time.Duration, error) {
	out := make([]*codebook.Harmonized, len(waves))
	took := make([]time.Duration, len(waves))
	errs := make([]error, len(waves))
	order := biggestFirst(dir, waves)
	parallel.Each(len(waves), func(n int) error {
		k := order[n]
		start := time.Now()
		out[k], errs[k] = cb.HarmonizeFile(waves[k], filepath.Join(dir, waves[k].File), o.MaxFileSize)
		took[k] = time.Since(start)
		return nil
	})
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return out, took, nil
}

// biggestFirst orders the waves by the work their files are likely to
// take, most first, so that the cores finish together: an XLSX byte (XML,
// compressed) costs about four CSV bytes. Only the order of work depends on
// it, never a result.
func biggestFirst(dir string, waves []*codebook.Wave) []int {
	order := make([]int, len(waves))
	work := make([]int64, len(waves))
	for k, w := range waves {
		order[k] = k
		if st, err := os.Stat(filepath.Join(dir, w.File)); err == nil {
			work[k] = st.Size()
			if strings.EqualFold(filepath.Ext(w.File), ".xlsx") {
				work[k] *= 4
			}
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return work[order[a]] > work[order[b]] })
	return order
}

// Rates lists each file's rows per second of Elapsed, for a progress line:
// "2022 181k, 2023 120k rows/s".
func (r *Result) Rates() string {
	parts := make([]string, len(r.Inputs))
	for i, in := range r.Inputs {
		parts[i] = fmt.Sprintf("%d %.0fk", in.Year, float64(in.Rows)/max(in.Elapsed.Seconds(), 1e-9)/1000)
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
	out, took, err := readWaves(dir, cb, waves, o)
	if err != nil {
		return nil, err
	}
	res := &Result{Read: map[string]int{}}
	parts := make([]*dataset.Dataset, len(waves))
	ledgers := make([]*dataset.Ledger, len(waves))
	for k, w := range waves {
		h := out[k]
		path := filepath.Join(dir, w.File)
		parts[k], ledgers[k] = h.Data, h.Ledger
		res.Reports = append(res.Reports, h.Report)
		res.Read[path] = h.Report.Rows
		res.Inputs = append(res.Inputs, Input{Path: path, Year: w.Year, Rows: h.Report.Rows,
			SHA256: h.Table.SHA256, Bytes: h.Table.Bytes, Encoding: h.Table.Encoding, Warnings: h.Table.Warnings, Elapsed: took[k]})
	}
	res.Ledger = dataset.ConcatLedgers(ledgers)
	res.Data = dataset.Concat(parts)
	return res, nil
}

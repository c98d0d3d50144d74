package main

// Stage benchmarks at 10k, 100k and 1M responses (README, "Performance"):
//
//	go test -run '^$' -bench Stages -benchtime 1x -benchmem -timeout 60m ./cmd/analyze/
//
// synth=2k is the bundled data (analyze synth at scale 1, 2,231 responses).
// The 10k data are analyze synth -scale 4.484 (10,000 responses), read and
// cleaned once and cached in the temp dir. The larger sizes come two ways:
//   - n=100k, n=1M repeat the 10k data (10× and 100×) with each copy's
//     numeric answers scaled by 1 + copy·1e-9, so values stay distinct
//     across copies (the worst case for the bootstrap's counts over distinct
//     values) while every group keeps its share;
//   - synth=100k, synth=1M are analyze synth -scale 44.84 and 448.4 (the
//     survey as it would be at that size, with its ties: answers are whole
//     numbers, percentages, bands), also cached in the temp dir (the 1M
//     folder takes about three minutes to write the first time).
//
// Reading the exports is timed for the synthesized sizes and the 10k.

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// benchResamples is B in the stage benchmarks: growth is measured at a
// fixed B (the bootstrap's cost is B·n).
const benchResamples = 999

// benchSize is one data size of the stage benchmarks: the 10k synthetic
// survey repeated copies times, or (scale > 0) the survey synthesized at
// that scale.
type benchSize struct {
	name   string
	copies int
	scale  float64
}

var benchSizes = []benchSize{
	{"synth=2k", 0, 1}, {"n=10k", 1, 0}, {"n=100k", 10, 0}, {"synth=100k", 0, 44.84}, {"n=1M", 100, 0}, {"synth=1M", 0, 448.4},
}

// readScale is the scale of the synthesized exports the size is read
// from, or 0 for the repeated copies, which have no exports of their own.
func (s benchSize) readScale() float64 {
	switch {
	case s.scale > 0:
		return s.scale
	case s.copies == 1:
		return tenK
	}
	return 0
}

// tenK is the synth scale of the 10k data the copies repeat.
const tenK = 4.484

var benchCache = map[benchSize]*loaded{}

// benchData returns the cleaned data of one size, read once.
func benchData(b *testing.B, size benchSize) *loaded {
	b.Helper()
	if ld, ok := benchCache[size]; ok {
		return ld
	}
	clear(benchCache) // one size in memory at a time
	var ld *loaded
	if size.scale > 0 {
		ld = benchSynth(b, size.scale)
	} else {
		base := benchSynth(b, tenK)
		ld = &loaded{cb: base.cb, in: base.in, raw: repeat(base.raw, size.copies), kept: repeat(base.kept, size.copies)}
	}
	benchCache[size] = ld
	return ld
}

// benchSynth reads and cleans the synthetic survey at scale.
func benchSynth(b *testing.B, scale float64) *loaded {
	b.Helper()
	ld, err := loadAll(benchSynthDir(b, scale), clean.Defaults(), ingest.Options{MaxFileSize: survey.DefaultMaxBytes})
	if err != nil {
		b.Fatal(err)
	}
	return ld
}

// benchSynthDir is the folder of the synthetic survey at scale, written
// once into the temp dir and kept there for the next run (delete
// $TMPDIR/gtmsurvey-bench-scale-* after changing internal/synth). It is
// written beside and renamed into place, so an interrupted write is never
// taken for a finished one.
func benchSynthDir(b *testing.B, scale float64) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("gtmsurvey-bench-scale-%g", scale))
	if _, err := os.Stat(filepath.Join(dir, "codebook.yaml")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "gtmsurvey-bench-writing-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure
	o := synth.DefaultOptions()
	o.Scale = scale
	if _, err := synth.Write(tmp, o); err != nil {
		b.Fatal(err)
	}
	os.RemoveAll(dir) // an unfinished folder from an older version of this code
	if err := os.Rename(tmp, dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

// repeat returns copies of d one after the other, numeric answers of copy c
// scaled by 1 + c·1e-9 and response IDs suffixed with the copy.
func repeat(d *dataset.Dataset, copies int) *dataset.Dataset {
	if copies == 1 {
		return d
	}
	parts := make([]*dataset.Dataset, copies)
	for c := range parts {
		p := &dataset.Dataset{Names: d.Names, Cols: map[string]*dataset.Column{}}
		for name, col := range d.Cols {
			nc := *col
			nc.Num = append([]float64(nil), col.Num...)
			nc.Text = append([]string(nil), col.Text...)
			if col.Kind == dataset.Numeric && !col.Time {
				for i := range nc.Num {
					nc.Num[i] *= 1 + float64(c)*1e-9
				}
			}
			p.Cols[name] = &nc
		}
		p.Year, p.File, p.Line = append([]int(nil), d.Year...), append([]string(nil), d.File...), append([]int(nil), d.Line...)
		for _, id := range d.ID {
			p.ID = append(p.ID, fmt.Sprintf("%s-%d", id, c))
		}
		parts[c] = p
	}
	return dataset.Concat(parts)
}

// benchResults are the results the charts are drawn from: the hypotheses,
// the sensitivity pass and the trends on the data of one size.
func benchResults(b *testing.B, size benchSize, o hypotheses.Options) report.Results {
	b.Helper()
	ld := benchData(b, size)
	sens := o
	sens.VerdictsOnly = true
	r := report.NewResults(hypotheses.RunAll(ld.kept, o), hypotheses.RunAll(ld.raw, sens), ld.in.Ledger)
	var err error
	if r.Trends, err = runTrends(ld, o.Seed, o.Alpha, map[string][]byte{}); err != nil {
		b.Fatal(err)
	}
	return r
}

// cpuSeconds is the CPU time (user + system) of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// stage runs f b.N times on the data of the given size, reporting CPU
// seconds per op (cpu-s/op: stable on a shared machine, where wall time is
// not) besides the wall time.
func stage(b *testing.B, size benchSize, f func(ld *loaded)) {
	ld := benchData(b, size)
	b.ResetTimer()
	c0 := cpuSeconds()
	for range b.N {
		f(ld)
	}
	b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
}

// BenchmarkStages times each stage: reading, harmonizing and cleaning the
// exports (synthesized sizes only), the five hypotheses with quality rules, the sensitivity pass without them (verdicts only), the
// trends, the public release (anonymizer, attacks, headline checks, CSV and
// XLSX), the private responses CSV, and the charts and deck.
func BenchmarkStages(b *testing.B) {
	o := hypotheses.Defaults()
	o.Resamples = benchResamples
	sens := o
	sens.VerdictsOnly = true
	for _, size := range benchSizes {
		if scale := size.readScale(); scale > 0 {
			b.Run("read/"+size.name, func(b *testing.B) {
				stage(b, size, func(*loaded) { benchSynth(b, scale) })
				b.ReportMetric(float64(len(benchData(b, size).in.Ledger.Entries)), "rows")
			})
		}
		b.Run("hypotheses/"+size.name, func(b *testing.B) {
			stage(b, size, func(ld *loaded) { hypotheses.RunAll(ld.kept, o) })
		})
		b.Run("sensitivity/"+size.name, func(b *testing.B) {
			stage(b, size, func(ld *loaded) { hypotheses.RunAll(ld.raw, sens) })
		})
		b.Run("trends/"+size.name, func(b *testing.B) {
			stage(b, size, func(ld *loaded) {
				if _, err := runTrends(ld, o.Seed, o.Alpha, map[string][]byte{}); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("responses_csv/"+size.name, func(b *testing.B) {
			stage(b, size, func(ld *loaded) {
				if _, err := report.ResponsesCSV(ld.kept, ld.cb); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("release/"+size.name, func(b *testing.B) {
			stage(b, size, func(ld *loaded) {
				plan, err := planRelease("../../data", ld.cb, publicOptions{}, io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := release(plan, ld, o.Alpha, map[string][]byte{}); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("charts_and_deck/"+size.name, func(b *testing.B) {
			results := benchResults(b, size, o)
			stage(b, size, func(ld *loaded) {
				if _, err := addCharts(map[string][]byte{}, results, ld.kept); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

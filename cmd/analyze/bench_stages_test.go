package main

// Stage benchmarks at 10k, 100k and 1M responses (README, "Performance"):
//
//	go test -run '^$' -bench Stages -benchtime 1x -timeout 30m ./cmd/analyze/
//
// The 10k data are analyze synth -scale 4.484 (10,000 responses), read and
// cleaned once and cached in the temp dir. The larger sizes repeat them
// (10× and 100×) with each copy's numeric answers scaled by 1 + copy·1e-9,
// so values stay distinct across copies (the worst case for the bootstrap's
// counts over distinct values) while every group keeps its share. Reading
// the exports is not timed here.

import (
	"fmt"
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

var benchCache = map[int]*loaded{}

// benchData returns the cleaned synthetic data repeated to 10k·copies responses.
func benchData(b *testing.B, copies int) *loaded {
	b.Helper()
	if ld, ok := benchCache[copies]; ok {
		return ld
	}
	dir := filepath.Join(os.TempDir(), "gtmsurvey-bench-10k")
	if _, err := os.Stat(filepath.Join(dir, "codebook.yaml")); err != nil {
		o := synth.DefaultOptions()
		o.Scale = 4.484
		if _, err := synth.Write(dir, o); err != nil {
			b.Fatal(err)
		}
	}
	base, err := loadAll(dir, clean.Defaults(), ingest.Options{MaxFileSize: survey.DefaultMaxBytes})
	if err != nil {
		b.Fatal(err)
	}
	ld := &loaded{cb: base.cb, in: base.in, raw: repeat(base.raw, copies), kept: repeat(base.kept, copies)}
	clear(benchCache) // one size in memory at a time
	benchCache[copies] = ld
	return ld
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
func stage(b *testing.B, copies int, f func(ld *loaded)) {
	ld := benchData(b, copies)
	b.ResetTimer()
	c0 := cpuSeconds()
	for range b.N {
		f(ld)
	}
	b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
}

// BenchmarkStages times each stage after reading: the five hypotheses with
// quality rules, the sensitivity pass without them (verdicts only), the
// public release (anonymizer, attacks, headline checks, CSV and XLSX) and
// the private responses CSV.
func BenchmarkStages(b *testing.B) {
	o := hypotheses.Defaults()
	o.Resamples = benchResamples
	sens := o
	sens.VerdictsOnly = true
	for _, size := range []struct {
		name   string
		copies int
	}{{"10k", 1}, {"100k", 10}, {"1M", 100}} {
		b.Run("hypotheses/n="+size.name, func(b *testing.B) {
			stage(b, size.copies, func(ld *loaded) { hypotheses.RunAll(ld.kept, o) })
		})
		b.Run("sensitivity/n="+size.name, func(b *testing.B) {
			stage(b, size.copies, func(ld *loaded) { hypotheses.RunAll(ld.raw, sens) })
		})
		b.Run("responses_csv/n="+size.name, func(b *testing.B) {
			stage(b, size.copies, func(ld *loaded) {
				if _, err := report.ResponsesCSV(ld.kept, ld.cb); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("release/n="+size.name, func(b *testing.B) {
			stage(b, size.copies, func(ld *loaded) {
				if _, err := release("../../data", ld, publicOptions{}, o.Alpha, map[string][]byte{}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

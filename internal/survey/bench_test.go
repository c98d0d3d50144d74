package survey

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

// BenchmarkReadXLSX streams generated 60-column sheets of 10,000 and
// 100,000 rows, keeping 6 or all 60 columns (ReadStream, rows handed to a
// sink that drops them), and reports rows per second, and the peak live
// heap during the read above what was live before it (peak-heap-MiB):
// with rows not stored it follows the kept columns and the shared strings,
// not the sheet. "whole" is ReadLayout, which stores every row. Point
// GTMSURVEY_BIG_XLSX at a real-sized export to read it too, e.g. the 2023
// wave of "analyze synth -out /tmp/big -scale 448.4" (156,940 rows; set
// GTMSURVEY_BIG_HEADER_ROWS=2 for the SurveyMonkey wave):
//
//	GTMSURVEY_BIG_XLSX=/tmp/big/2023_typeform.xlsx go test ./internal/survey -run x -bench ReadXLSX -benchmem
//
// Target: at least 100,000 rows/s.
func BenchmarkReadXLSX(b *testing.B) {
	l := Layout{Tool: Typeform, HeaderRows: 1}
	for _, n := range []int{10000, 100000} {
		path := "" // written by the first sub-benchmark that runs
		sheet := func(sub *testing.B) string {
			if path == "" {
				path = writeWideXLSX(sub, n)
				b.Cleanup(func() { os.RemoveAll(filepath.Dir(path)) })
			}
			return path
		}
		for _, keep := range []int{6, 60} {
			b.Run(fmt.Sprintf("rows=%d/keep=%d", n, keep), func(b *testing.B) { benchStream(b, sheet(b), l, keep) })
		}
		b.Run(fmt.Sprintf("rows=%d/whole", n), func(b *testing.B) { benchWhole(b, sheet(b), l) })
	}
	if path := os.Getenv("GTMSURVEY_BIG_XLSX"); path != "" {
		if os.Getenv("GTMSURVEY_BIG_HEADER_ROWS") == "2" {
			l = Layout{Tool: SurveyMonkey, HeaderRows: 2}
		}
		b.Run("big/keep=all", func(b *testing.B) { benchStream(b, path, l, -1) })
		b.Run("big/keep=6", func(b *testing.B) { benchStream(b, path, l, 6) })
	}
}

// benchStream streams path keeping its first keep columns (-1: all).
func benchStream(b *testing.B, path string, l Layout, keep int) {
	var peak heapPeak
	rows := 0
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		peak.start()
		_, err := ReadStream(path, l, func(t *Table) ([]int, error) {
			k := len(t.Columns)
			if keep >= 0 {
				k = min(keep, k)
			}
			cols := make([]int, k)
			for j := range cols {
				cols[j] = j
			}
			return cols, nil
		}, func(r StreamRow) {
			if rows++; rows%1024 == 0 {
				peak.sample()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		peak.sample()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak.mib(), "peak-heap-MiB")
}

func benchWhole(b *testing.B, path string, l Layout) {
	var peak heapPeak
	rows := 0
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		peak.start()
		t, err := ReadLayout(path, l)
		if err != nil {
			b.Fatal(err)
		}
		peak.sample()
		rows += len(t.Rows)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(peak.mib(), "peak-heap-MiB")
}

// cpuPerOp reports the process's CPU seconds (user + system, every core)
// per operation when the returned function is called: on a shared machine
// they are the stable figure, wall time is not.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// heapPeak tracks the largest live heap seen above a baseline.
type heapPeak struct {
	base, max uint64
	s         []metrics.Sample
}

func (p *heapPeak) start() {
	runtime.GC()
	p.s = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(p.s)
	p.base = p.s[0].Value.Uint64()
}

func (p *heapPeak) sample() {
	metrics.Read(p.s)
	if v := p.s[0].Value.Uint64(); v > p.base && v-p.base > p.max {
		p.max = v - p.base
	}
}

func (p *heapPeak) mib() float64 { return float64(p.max) / (1 << 20) }

// writeWideXLSX writes a one-header-row sheet of n rows and 60 columns of
// shared strings and numbers, in a new temporary folder of its own.
func writeWideXLSX(tb testing.TB, n int) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "wide") // the caller removes it
	if err != nil {
		tb.Fatal(err)
	}
	return writeSheet(tb, dir+"/wide.xlsx", 60, n)
}

// writeSheet writes a workbook with a header of cols columns and n rows.
func writeSheet(tb testing.TB, path string, cols, n int) string {
	tb.Helper()
	rows := make([][]string, 0, n+1)
	hdr := make([]string, cols)
	for j := range hdr {
		hdr[j] = fmt.Sprintf("Question %d", j+1)
	}
	rows = append(rows, hdr)
	for i := 0; i < n; i++ {
		r := make([]string, cols)
		for j := range r {
			if j%2 == 0 {
				r[j] = fmt.Sprintf("Answer %d", (i*7+j)%13)
			} else {
				r[j] = fmt.Sprint((i*31 + j) % 1000)
			}
		}
		rows = append(rows, r)
	}
	if err := os.WriteFile(path, xlsxtest.Bytes(rows), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

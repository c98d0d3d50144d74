package ingest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// BenchmarkHarmonizeFile reads and harmonizes each wave of a data folder on
// its own (one wave at a time, so the figures do not depend on which waves
// share the cores) and reports rows per second and CPU seconds per wave.
// Point GTMSURVEY_BIG_DIR at a folder written by "analyze synth", e.g.
// -scale 448.4 for one million responses:
//
//	GTMSURVEY_BIG_DIR=/tmp/big go test ./internal/ingest -run x -bench HarmonizeFile -benchtime 1x
func BenchmarkHarmonizeFile(b *testing.B) {
	dir := os.Getenv("GTMSURVEY_BIG_DIR")
	if dir == "" {
		b.Skip("GTMSURVEY_BIG_DIR not set")
	}
	cb, err := codebook.Load(filepath.Join(dir, "codebook.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range cb.Waves {
		b.Run(w.File, func(b *testing.B) {
			rows := 0
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				h, err := harmonizeFile(cb, w, filepath.Join(dir, w.File), 0)
				if err != nil {
					b.Fatal(err)
				}
				rows += h.Report.Rows
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// cpuTime is the process's CPU time so far (user + system, every core).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

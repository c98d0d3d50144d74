package anonymize_test

import (
	"syscall"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
)

// BenchmarkRelease times the whole public release at the bundled data's
// size (synth scale 1): build, attacks, headlines and files.
//
//	go test -run '^$' -bench Release -benchmem ./internal/anonymize/
func BenchmarkRelease(b *testing.B) {
	f := load(b, 20260512)
	b.ResetTimer()
	c0 := cpuSeconds()
	for range b.N {
		r, err := anonymize.Build(f.kept, f.cb, f.cfg)
		if err != nil {
			b.Fatal(err)
		}
		anonymize.AttackAll(r, f.kept, f.cb)
		r.Headlines(f.kept)
		if _, err := r.Files(f.cb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-c0)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the CPU time (user + system) of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

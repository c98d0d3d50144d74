package anonymize_test

import (
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
}

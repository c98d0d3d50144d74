package clean_test

import (
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// Each rule can be switched off on its own, and the exclusions add up.
func TestRulesSwitchOff(t *testing.T) {
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: 4, Scale: 1, Effects: "null"})
	if err != nil {
		t.Fatal(err)
	}
	count := func(o clean.Options) map[dataset.Reason]int {
		in, err := ingest.Load(dir, res.Codebook)
		if err != nil {
			t.Fatal(err)
		}
		kept, rep := clean.Apply(in.Data, in.Ledger, res.Codebook, o)
		if err := in.Ledger.Verify(in.Read, kept); err != nil {
			t.Fatal(err)
		}
		out := map[dataset.Reason]int{"kept": kept.Len()}
		for _, m := range rep.Excluded {
			for k, v := range m {
				out[k] += v
			}
		}
		return out
	}
	all := count(clean.Defaults())
	for _, r := range []dataset.Reason{clean.ReasonPreview, clean.ReasonIncomplete, clean.ReasonDuplicate, clean.ReasonSpeeder} {
		if all[r] == 0 {
			t.Errorf("defaults excluded no %s rows", r)
		}
	}
	none := count(clean.Options{})
	if len(none) != 1 || none["kept"] != all["kept"]+all[clean.ReasonPreview]+all[clean.ReasonIncomplete]+all[clean.ReasonDuplicate]+all[clean.ReasonSpeeder] {
		t.Errorf("rules off: %v; defaults: %v", none, all)
	}
	o := clean.Defaults()
	o.SpeederFraction = 0
	if got := count(o); got[clean.ReasonSpeeder] != 0 || got["kept"] != all["kept"]+all[clean.ReasonSpeeder] {
		t.Errorf("speeder rule off: %v", got)
	}
	o = clean.Defaults()
	o.Dedupe = false
	if got := count(o); got[clean.ReasonDuplicate] != 0 {
		t.Errorf("dedupe off: %v", got)
	}
	if err := (clean.Options{MinAnswered: 2}).Validate(); err == nil {
		t.Error("min-answered 2 accepted")
	}
}

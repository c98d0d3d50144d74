// Package synthtest gives tests a synthetic survey read and cleaned the way
// a run does: written by synth, read by ingest, the default quality rules
// applied by clean, and the ledger's invariant checked.
//
// For tests only; deadcode lists it because no command imports it: only
// _test.go files and the test-support package kittest do.
package synthtest

import (
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// Survey is a synthetic data folder and what the pipeline makes of it.
type Survey struct {
	Dir  string           // the folder synth wrote (codebook.yaml, release.yaml, the exports, truth.json)
	Res  *synth.Result    // what synth wrote, with its codebook
	In   *ingest.Result   // the harmonized responses and the ledger
	Kept *dataset.Dataset // the responses the default quality rules keep
}

// Cleaned writes a synthetic survey made with o into a temporary folder of
// t, reads it and applies the default quality rules; any error fails t.
func Cleaned(t testing.TB, o synth.Options) Survey {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Write(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, res.Codebook, clean.Defaults())
	if err := in.Ledger.Verify(in.Read, kept); err != nil {
		t.Fatal(err)
	}
	return Survey{Dir: dir, Res: res, In: in, Kept: kept}
}

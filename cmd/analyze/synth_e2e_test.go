package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSynthFolderRunsEndToEnd: every folder synth writes is a complete data
// folder (codebook, exports, release.yaml) that the pipeline runs on as it is.
func TestSynthFolderRunsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole pipeline; without -short")
	}
	for _, effects := range []string{"planted", "null-wobble"} {
		t.Run(effects, func(t *testing.T) {
			data, out := filepath.Join(t.TempDir(), "data"), filepath.Join(t.TempDir(), "out")
			if _, err := runOut(t, "synth", "-out", data, "-seed", "9", "-scale", "0.6", "-effects", effects); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(data, "release.yaml")); err != nil {
				t.Fatalf("synth wrote no release.yaml: %v", err)
			}
			stdout, err := runOut(t, "-data", data, "-out", out, "-resamples", "99")
			if err != nil {
				t.Fatalf("analyze on a synth folder: %v", err)
			}
			for _, want := range []string{"H1 ", "H5 ", "public extract (k = "} {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q", want)
				}
			}
			for _, f := range []string{"results.json", "public/disclosure-report.md", "private/responses.csv"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
		})
	}
}

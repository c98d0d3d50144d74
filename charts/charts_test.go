package charts

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// TestLook writes every sample chart to $CHARTS_LOOK for a person to view.
func TestLook(t *testing.T) {
	dir := os.Getenv("CHARTS_LOOK")
	if dir == "" {
		t.Skip("set CHARTS_LOOK=DIR to write the sample charts there")
	}
	files, err := Draw(samples())
	if err != nil {
		t.Fatal(err)
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// BenchmarkReportAndManifest measures what the report and the manifest add
// to a run on the bundled data: rendering report.html and report.md,
// hashing the inputs, and writing every output through the staging folder
// with manifest.json last. Target: under 0.5 s per run (issue 16).
func BenchmarkReportAndManifest(b *testing.B) {
	o := runOptions{dataDir: "../../data", quality: clean.Defaults(), analysis: hypotheses.Defaults(), flags: map[string]string{}}
	o.analysis.Resamples = 99 // the report's cost does not depend on B
	ld, err := loadAll(o.dataDir, o.quality, o.limits)
	if err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	if files["private/responses.csv"], err = report.ResponsesCSV(ld.kept, ld.cb); err != nil {
		b.Fatal(err)
	}
	results := report.NewResults(hypotheses.RunAll(ld.kept, o.analysis), hypotheses.RunAll(ld.raw, o.analysis), ld.in.Ledger)
	plan, err := planRelease(o.dataDir, ld.cb, publicOptions{}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	rel, err := release(plan, ld, o.analysis.Alpha, files)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "out")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := addReport(files, reportInput(ld, results, rel, o.analysis.Alpha, nil)); err != nil {
			b.Fatal(err)
		}
		m, err := manifest(o, ld, rel)
		if err != nil {
			b.Fatal(err)
		}
		if err := report.Commit(context.Background(), out, files, m); err != nil {
			b.Fatal(err)
		}
	}
}

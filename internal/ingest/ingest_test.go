package ingest

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

func sample(t testing.TB, scale float64) (string, *codebook.Codebook) {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: 1, Scale: scale, Effects: "planted"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, res.Codebook
}

func TestLoadLedgerInvariant(t *testing.T) {
	dir, cb := sample(t, 0.5)
	res, err := Load(dir, cb)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(res.Data, res.Ledger, cb, clean.Defaults())
	if err := res.Ledger.Verify(res.Read, kept); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range res.Read {
		total += n
	}
	if len(res.Ledger.Entries) != total || kept.Len()+len(res.Ledger.Excluded()) != total {
		t.Errorf("read %d, ledger %d, kept %d + excluded %d", total, len(res.Ledger.Entries), kept.Len(), len(res.Ledger.Excluded()))
	}
	// A dataset that lost a row must fail verification.
	short := kept.Subset(func(i int) bool { return i != 0 })
	if err := res.Ledger.Verify(res.Read, short); err == nil {
		t.Error("Verify accepted a dataset with a row missing")
	}
}

func TestLoadContractErrors(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		want   []string
	}{
		{"missing file", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "2024_surveymonkey.xlsx")) },
			[]string{"2024_surveymonkey.xlsx", "no such file"}},
		{"empty file", func(t *testing.T, dir string) { os.WriteFile(filepath.Join(dir, "2025_qualtrics.csv"), nil, 0o644) },
			[]string{"2025_qualtrics.csv", "file is empty"}},
		{"text file named xlsx", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "2023_typeform.xlsx"), []byte("a,b\n1,2\n"), 0o644)
		}, []string{"2023_typeform.xlsx", "not a readable xlsx"}},
		{"truncated csv", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "2026_typeform.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)*2/3], 0o644)
		}, []string{"2026_typeform.csv:"}},
		{"two files for one year", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "2024_export_copy.csv"), []byte("a\n1\n"), 0o644)
		}, []string{"2024_export_copy.csv", "two files for year 2024"}},
		{"export no wave names", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "responses.csv"), []byte("a\n1\n"), 0o644)
		}, []string{"responses.csv", "matches no codebook wave"}},
		{"codebook column the file lacks", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "2026_typeform.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), "Win rate (%)", "Win-rate", 1)), 0o644)
		}, []string{"2026_typeform.csv:1", `"Win rate (%)"`, "not in the file"}},
		{"unmapped column with content", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "2026_typeform.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), "utm_source", "Phone number", 1)), 0o644)
		}, []string{"2026_typeform.csv:", "Phone number", "neither maps nor ignores"}},
		// A repeated header text is not an error when read (Typeform repeats
		// choice labels); the run still stops, on the column the codebook
		// cannot tell apart.
		{"duplicated header", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "2026_typeform.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), "utm_source", "Network ID", 1)), 0o644)
		}, []string{"2026_typeform.csv:", `"Network ID"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, cb := sample(t, 0.2)
			tc.break_(t, dir)
			_, err := Load(dir, cb)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// BenchmarkHarmonize1M reads and harmonizes 1,000,000 responses: the five
// sample waves, each converted to CSV (same header layout) and replicated to
// 200,000 rows. The target is under 10 s and 2 GiB peak memory on a 2-core
// machine. Run with:
//
//	go test ./internal/ingest -run x -bench Harmonize1M -benchtime 1x -benchmem
func BenchmarkHarmonize1M(b *testing.B) {
	src, cb := sample(b, 1)
	dir := b.TempDir()
	for _, w := range cb.Waves {
		t, err := survey.Read(filepath.Join(src, w.File))
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		hdr := make([][]string, t.HeaderRows)
		for _, c := range t.Columns {
			switch t.HeaderRows {
			case 1:
				hdr[0] = append(hdr[0], c.Text)
			case 2:
				hdr[0], hdr[1] = append(hdr[0], c.Text), append(hdr[1], c.Sub)
			case 3:
				hdr[0], hdr[1], hdr[2] = append(hdr[0], c.Tag), append(hdr[1], c.Text), append(hdr[2], `{"ImportId":"`+c.ImportID+`"}`)
			}
		}
		cw.WriteAll(hdr)
		for n := 0; n < 200000; n++ {
			cw.Write(t.Rows[n%len(t.Rows)].Cells)
		}
		cw.Flush()
		w.File = strings.TrimSuffix(w.File, filepath.Ext(w.File)) + ".csv"
		if err := os.WriteFile(filepath.Join(dir, w.File), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// The CLI runs with GOGC=50 (cmd/analyze main); measure the same way.
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Peak resident memory of Load alone (Linux): drop the setup's
		// garbage, reset the high-water mark, read it after.
		runtime.GC()
		debug.FreeOSMemory()
		_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
		r, err := Load(dir, cb)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.Data.Len()), "rows")
		if st, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, line := range strings.Split(string(st), "\n") {
				if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
					kb, _ := strconv.Atoi(f[1])
					b.ReportMetric(float64(kb)/1024, "peak-MiB")
				}
			}
		}
	}
}

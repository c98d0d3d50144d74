package survey

import (
	"os"
	"testing"
)

// BenchmarkReadXLSX reads a large XLSX export and reports rows per second.
// Point GTMSURVEY_BIG_XLSX at one, e.g. the 2023 wave of
// "analyze synth -out /tmp/big -scale 448.4" (156,940 rows):
//
//	GTMSURVEY_BIG_XLSX=/tmp/big/2023_typeform.xlsx go test ./internal/survey -run x -bench ReadXLSX -benchtime 1x
//
// Without it, the benchmark reads a generated 20,000-row sheet. Target:
// at least 100,000 rows/s.
func BenchmarkReadXLSX(b *testing.B) {
	path := os.Getenv("GTMSURVEY_BIG_XLSX")
	l := Layout{Tool: Typeform, HeaderRows: 1}
	if path == "" {
		path = writeWideXLSX(b, 20000)
	} else if h := os.Getenv("GTMSURVEY_BIG_HEADER_ROWS"); h == "2" {
		l = Layout{Tool: SurveyMonkey, HeaderRows: 2}
	}
	b.ResetTimer()
	rows := 0
	for i := 0; i < b.N; i++ {
		t, err := ReadLayout(path, l)
		if err != nil {
			b.Fatal(err)
		}
		rows += len(t.Rows)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// writeWideXLSX writes a one-header-row sheet of n rows and 60 columns of
// shared strings and numbers.
func writeWideXLSX(tb testing.TB, n int) string {
	tb.Helper()
	return writeSheet(tb, tb.TempDir()+"/wide.xlsx", 60, n)
}

package codebook

import (
	"strings"
	"testing"
)

func TestCodebookErrors(t *testing.T) {
	if _, err := Parse([]byte("version: 1\nwaves:\n  - {year: 2025, file: x.csv, tool: typeform, header_rows: 1, timezone: Mars/Olympus}\n")); err == nil ||
		!strings.Contains(err.Error(), "Mars/Olympus") {
		t.Errorf("bad timezone: err = %v", err)
	}
	tests := []struct{ wave, want string }{
		{"    columns:\n      - {var: role}\n", "give exactly one of header, tag, qid, or a position"},
		{"    columns:\n      - {var: role, header: A, tag: B}\n", "give exactly one"},
		{"    columns:\n      - {var: role, position: -1}\n", "columns count from 1"},
		{"    columns:\n      - {var: role, header: A, missing: {x: lost}}\n", `"x" → "lost": reason must be one of`},
		{"    missing: {x: blank}\n    columns: []\n", "reason must be one of"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(strings.Replace(codebookHead, "WAVE", tc.wave, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.wave, err, tc.want)
		}
	}
	for _, f := range []string{"../x.csv", "/etc/passwd", "a/../../x.csv", `..\x.csv`} {
		_, err := Parse([]byte(strings.Replace(strings.Replace(codebookHead, "WAVE", "    columns: []\n", 1), "file: x.csv", "file: '"+f+"'", 1)))
		if err == nil || !strings.Contains(err.Error(), "data folder") {
			t.Errorf("file %q: err = %v, want it refused", f, err)
		}
	}
}

const codebookHead = `version: 1
variables:
  - {name: role, label: Role, type: single, role: quasi_identifier, levels: [A, B]}
waves:
  - year: 2025
    file: x.csv
    tool: typeform
    header_rows: 1
WAVE`

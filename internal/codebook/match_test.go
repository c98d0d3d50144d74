package codebook

import (
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// TestFindByJoinedHeaderAndOption: a header names a column by its key or
// by every header row joined; an option pins one column of a block whose
// question the file repeats, by its sub-label; a repeated header without
// either stays ambiguous and says which positions to choose from.
func TestFindByJoinedHeaderAndOption(t *testing.T) {
	legacy := &survey.Table{File: "l.csv", HeaderRows: 2, Columns: []survey.Column{
		{Tag: "V1", Text: "ResponseID"}, {Tag: "V9", Text: "EndDate"}, {Tag: "Q1", Text: "What is your role?"}}}
	monkey := &survey.Table{File: "m.csv", HeaderRows: 2, Columns: []survey.Column{
		{Text: "Which motions?", Sub: "Inbound"}, {Text: "Which motions?", Sub: "Outbound"}, {Text: "Role", Sub: "Response"}}}
	typeform := &survey.Table{File: "t.csv", HeaderRows: 1, Columns: []survey.Column{
		{Text: "Long question?"}, {Text: "Other"}, {Text: "Long question?"}}}
	tests := []struct {
		t    *survey.Table
		m    ColumnMap
		want int // 0-based; -1 an error containing err
		err  string
	}{
		{legacy, ColumnMap{Header: "V1 | ResponseID"}, 0, ""},
		{legacy, ColumnMap{Header: "V1  |  ResponseID"}, 0, ""},
		{legacy, ColumnMap{Header: "ResponseID"}, 0, ""},
		{legacy, ColumnMap{Header: "Q1 | What is your role?"}, 2, ""},
		{legacy, ColumnMap{Header: "V2 | ResponseID"}, -1, "not in the file"},
		{monkey, ColumnMap{Header: "Which motions?", Option: "Outbound"}, 1, ""},
		{monkey, ColumnMap{Header: "Which motions? | Inbound", Option: "Inbound"}, 0, ""},
		{monkey, ColumnMap{Header: "Which motions?", Option: "Partners"}, -1, "not in the file"},
		{monkey, ColumnMap{Header: "Role | Response"}, 2, ""},
		{monkey, ColumnMap{Header: "Role"}, 2, ""},
		{typeform, ColumnMap{Header: "Long question?"}, -1, "ambiguous: the header is on columns 1, 3; add position: (one of 1, 3)"},
		{typeform, ColumnMap{Header: "Long question?", Position: 3}, 2, ""},
		{typeform, ColumnMap{Header: "Long question?", Position: 2}, -1, `column 2 is "Other"`},
	}
	for _, tc := range tests {
		j, err := NewColumnIndex(tc.t).find(tc.m)
		if tc.want >= 0 && (err != nil || j != tc.want) {
			t.Errorf("%s %+v: column %d, err %v; want %d", tc.t.File, tc.m, j, err, tc.want)
		}
		if tc.want < 0 && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s %+v: err %v, want %q", tc.t.File, tc.m, err, tc.err)
		}
	}
}

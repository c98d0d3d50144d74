package dataset

import (
	"math"
	"strings"
	"testing"
)

func sample() *Dataset {
	d := New([]*Column{
		{Name: "n", Kind: Numeric},
		{Name: "t", Kind: Numeric, Time: true},
		{Name: "c", Kind: Categorical, Levels: []string{"A", "B"}},
		{Name: "m", Kind: Multi, Levels: []string{"x", "y", "z"}},
		{Name: "s", Kind: Text},
	})
	for i, year := range []int{2024, 2025, 2024} {
		d.AddRow(year, "id"+string(rune('0'+i)), "f.csv", i+2)
	}
	d.Cols["n"].Num[0] = 1.5
	d.Cols["t"].Num[0] = 1747749791
	d.Cols["c"].Num[1] = 1
	d.Cols["m"].Choose(0, 0)
	d.Cols["m"].Choose(0, 2)
	d.Cols["m"].Choose(2, 1)
	d.Cols["s"].Text[2] = "hello"
	d.SetStatus(1, StatusSpam)
	return d
}

func TestDatasetValues(t *testing.T) {
	d := sample()
	tests := []struct {
		col  string
		row  int
		want string // Format
	}{
		{"n", 0, "1.5"}, {"n", 1, ""},
		{"t", 0, "2025-05-20T14:03:11Z"}, {"t", 1, ""},
		{"c", 1, "B"}, {"c", 0, ""},
		{"m", 0, "x; z"}, {"m", 2, "y"}, {"m", 1, ""},
		{"s", 2, "hello"}, {"s", 0, ""},
	}
	for _, tc := range tests {
		if got := d.Col(tc.col).Format(tc.row); got != tc.want {
			t.Errorf("%s[%d] = %q, want %q", tc.col, tc.row, got, tc.want)
		}
	}
	if lv, ok := d.Level("c", 1); !ok || lv != "B" {
		t.Errorf("Level = %q %v", lv, ok)
	}
	if _, ok := d.Level("c", 0); ok {
		t.Error("missing level reported present")
	}
	if ch, ok := d.Chosen("m", 0); !ok || strings.Join(ch, ",") != "x,z" {
		t.Errorf("Chosen = %v %v", ch, ok)
	}
	if !math.IsNaN(d.Float("s", 0)) || !math.IsNaN(d.Float("nope", 0)) {
		t.Error("Float of text or unknown column is not NaN")
	}
	if got := d.Years(); len(got) != 2 || got[0] != 2024 || got[1] != 2025 {
		t.Errorf("Years = %v", got)
	}
}

func TestChoices(t *testing.T) {
	var s Choices
	for _, l := range []int{0, 5, MaxChoices - 1} {
		s = s.With(l)
	}
	back := ChoicesOf(s.Float())
	for l := 0; l < MaxChoices; l++ {
		want := l == 0 || l == 5 || l == MaxChoices-1
		if back.Has(l) != want {
			t.Errorf("level %d: Has = %v after a float64 round trip", l, back.Has(l))
		}
	}
}

func TestSubsetAndConcatKeepRows(t *testing.T) {
	d := sample()
	sub := d.Subset(func(i int) bool { return i != 0 })
	if sub.Len() != 2 || sub.Line[0] != 3 || sub.StatusOf(0) != StatusSpam || sub.Col("s").Text[1] != "hello" {
		t.Errorf("Subset: len %d lines %v status %v", sub.Len(), sub.Line, sub.Status)
	}
	a, b := sample(), sample()
	b.Status = nil
	all := Concat([]*Dataset{a, b})
	if all.Len() != 6 || all.StatusOf(1) != StatusSpam || all.StatusOf(4) != StatusResponse || all.Col("m").Format(3) != "x; z" {
		t.Errorf("Concat: len %d, statuses %v", all.Len(), all.Status)
	}
	if a.Len() != 0 || a.Cols["n"].Num != nil {
		t.Error("Concat did not release its parts")
	}
	if (&Dataset{}).StatusOf(3) != StatusResponse {
		t.Error("a dataset without statuses is not all responses")
	}
}

// checkLedger holds for every ledger: rows read = kept + excluded per file.
func checkLedger(t *testing.T, l *Ledger) {
	t.Helper()
	for _, c := range l.Tally() {
		if c.Kept+c.ExcludedTotal() != c.Read {
			t.Fatalf("%s: read %d != kept %d + excluded %d", c.File, c.Read, c.Kept, c.ExcludedTotal())
		}
	}
}

func TestLedger(t *testing.T) {
	d := sample()
	var l Ledger
	for i := 0; i < d.Len(); i++ {
		l.Add(d.Year[i], d.File[i], d.Line[i], d.ID[i])
	}
	l.Add(2024, "f.csv", 9, "") // a blank row, never in the dataset
	tests := []struct {
		name    string
		exclude map[int]Reason // line → reason
		keep    func(i int) bool
		read    map[string]int
		want    string // error text; empty when Verify passes
	}{
		{"all kept but the blank", map[int]Reason{9: "blank_row"}, func(int) bool { return true }, map[string]int{"f.csv": 4}, ""},
		{"one excluded", map[int]Reason{9: "blank_row", 3: "spam"}, func(i int) bool { return i != 1 }, map[string]int{"f.csv": 4}, ""},
		{"dataset keeps an excluded row", map[int]Reason{9: "blank_row", 3: "spam"}, func(int) bool { return true }, map[string]int{"f.csv": 4}, "not kept in the ledger"},
		{"dataset lost a row", map[int]Reason{9: "blank_row"}, func(i int) bool { return i != 0 }, map[string]int{"f.csv": 4}, "3 kept in the ledger but 2 rows"},
		{"rows read differ", map[int]Reason{9: "blank_row"}, func(int) bool { return true }, map[string]int{"f.csv": 5}, "5 rows read but 4 in the ledger"},
		{"a file never entered", map[int]Reason{9: "blank_row"}, func(int) bool { return true }, map[string]int{"f.csv": 4, "g.csv": 2}, "g.csv: 2 rows read but none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lc := Ledger{Entries: append([]Entry(nil), l.Entries...), files: l.files}
			for line, r := range tc.exclude {
				if !lc.Exclude("f.csv", line, r) {
					t.Fatalf("line %d not found", line)
				}
			}
			checkLedger(t, &lc)
			err := lc.Verify(tc.read, d.Subset(tc.keep))
			if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Verify = %v, want %q", err, tc.want)
			}
		})
	}
	if l.Exclude("nope.csv", 1, "x") {
		t.Error("Exclude found a row never added")
	}
	l.Exclude("f.csv", 2, "preview")
	l.Exclude("f.csv", 2, "duplicate")
	if e := l.Excluded(); len(e) != 1 || e[0].Reason != "preview" {
		t.Errorf("first reason does not stand: %+v", e)
	}
	defer func() {
		if recover() == nil {
			t.Error("adding a row twice did not panic")
		}
	}()
	l.Add(2024, "f.csv", 2, "")
}

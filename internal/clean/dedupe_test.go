package clean

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

func dedupeCodebook(t *testing.T, extra string) *codebook.Codebook {
	t.Helper()
	cb, err := codebook.Parse([]byte(`version: 1
variables:
  - {name: email, label: e, type: text, role: direct_identifier}
  - {name: company, label: c, type: text, role: direct_identifier}
  - {name: submitted_at, label: s, type: datetime, role: meta}
` + extra))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// rowsOf builds a one-wave dataset: each row is email, company.
func rowsOf(cb *codebook.Codebook, rows [][2]string) (*dataset.Dataset, *dataset.Ledger) {
	d := cb.NewDataset()
	l := &dataset.Ledger{}
	for i, r := range rows {
		j := d.AddRow(2025, "", "f.csv", i+2)
		l.Add(2025, "f.csv", i+2, "")
		d.Cols["email"].Text[j], d.Cols["company"].Text[j] = r[0], r[1]
		d.Cols["submitted_at"].Num[j] = float64(1000 + i)
	}
	return d, l
}

func TestDedupePlaceholders(t *testing.T) {
	rows := [][2]string{
		{"a@x.com", "N/A"}, {"b@x.com", "n/a"}, {"c@x.com", "Stealth"}, {"d@x.com", "stealth "},
		{"e@x.com", "-"}, {"f@x.com", "none"}, {"", "N.A."}, {"", ""}, {"TEST@test.com", "Acme"},
		{"g@x.com", "Acme"}, {"h@x.com", "ACME "}, {"a@x.com", "Globex"}, {"test@test.com", "Initech"},
	}
	tests := []struct {
		name        string
		extra       string
		kept        int
		email, comp KeyStats
	}{
		// Acme ×3 → 2 removed by company; a@x.com ×2 → 1 removed by email;
		// test@test.com is a placeholder email, so it links nothing.
		{"default placeholders", "", 10, KeyStats{Removed: 1, Placeholder: 2}, KeyStats{Removed: 2, Placeholder: 7}},
		// The codebook's list replaces the default: "Acme" names nobody, but
		// N/A, Stealth and test@test.com now link rows ("-" is punctuation
		// only, never a key): groups {N/A, n/a, a@x.com}, {Stealth ×2},
		// {test@test.com ×2} lose 2, 1 and 1 rows.
		{"codebook list", "dedupe_placeholders: [acme]\n", 9, KeyStats{Removed: 2}, KeyStats{Removed: 3, Placeholder: 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb := dedupeCodebook(t, tc.extra)
			d, l := rowsOf(cb, rows)
			kept, rep := Apply(d, l, cb, Options{Dedupe: true})
			if kept.Len() != tc.kept {
				t.Errorf("kept %d rows, want %d", kept.Len(), tc.kept)
			}
			got := rep.Dedupe[2025]
			if *got["email"] != tc.email || *got["company"] != tc.comp {
				t.Errorf("email %+v company %+v, want %+v %+v", *got["email"], *got["company"], tc.email, tc.comp)
			}
			if c := l.Tally()[0]; c.Read != len(rows) || c.Kept != tc.kept || c.Excluded[ReasonDuplicate] != len(rows)-tc.kept {
				t.Errorf("ledger %+v", c)
			}
		})
	}
}

// Tool statuses exclude rows whether or not the codebook maps the column.
func TestToolStatusExcluded(t *testing.T) {
	cb := dedupeCodebook(t, "")
	for _, drop := range []bool{true, false} {
		d, l := rowsOf(cb, [][2]string{{"a", "A"}, {"b", "B"}, {"c", "C"}, {"d", "D"}})
		d.SetStatus(1, dataset.StatusPreview)
		d.SetStatus(2, dataset.StatusTest)
		d.SetStatus(3, dataset.StatusSpam)
		kept, rep := Apply(d, l, cb, Options{DropPreview: drop})
		want := map[dataset.Reason]int{ReasonPreview: 2, ReasonSpam: 1}
		if !drop {
			want = map[dataset.Reason]int{}
		}
		if kept.Len() != 4-len(want)-boolInt(drop) || rep.Excluded[2025][ReasonPreview] != want[ReasonPreview] || rep.Excluded[2025][ReasonSpam] != want[ReasonSpam] {
			t.Errorf("drop-preview %v: kept %d, excluded %v", drop, kept.Len(), rep.Excluded)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestDedupeMatchesReference runs the dedupe rule and the reference
// (dedupe_ref_test.go) on random waves full of shared, placeholder and
// differently written keys, ties and missing times: the same rows go, with
// the same counts.
func TestDedupeMatchesReference(t *testing.T) {
	cb := dedupeCodebook(t, "")
	rng := rand.New(rand.NewPCG(3, 5))
	emails := []string{"a@x.com", "A@X.com ", "b@x.com", "", "n/a", "test@test.com", "c@y.org", "ünï@x.com", "a@x.com\u00a0"}
	firms := []string{"Acme", "ACME ", "Globex", "", "Stealth", "-", "Initech", "Ac me", "Acme Inc"}
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(60)
		d, _ := rowsOf(cb, make([][2]string, n))
		out := make([]dataset.Reason, n)
		for i := 0; i < n; i++ {
			d.Year[i] = 2024 + rng.IntN(2)
			d.Line[i] = rng.IntN(5)
			d.Cols["email"].Text[i] = emails[rng.IntN(len(emails))]
			d.Cols["company"].Text[i] = firms[rng.IntN(len(firms))]
			switch rng.IntN(4) {
			case 0:
				d.Cols["submitted_at"].Num[i] = math.NaN()
			default:
				d.Cols["submitted_at"].Num[i] = float64(rng.IntN(4))
			}
			if rng.IntN(8) == 0 {
				out[i] = ReasonPreview
			}
		}
		run := func(f func(*rules, placeholders)) ([]dataset.Reason, *Report) {
			rep := &Report{Excluded: map[int]map[dataset.Reason]int{}, Dedupe: map[int]map[string]*KeyStats{}}
			r := &rules{d: d, out: append([]dataset.Reason(nil), out...), rep: rep}
			f(r, newPlaceholders(cb.Placeholders()))
			return r.out, rep
		}
		got, gotRep := run((*rules).dedupe)
		want, wantRep := run((*rules).refDedupe)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotRep, wantRep) {
			t.Fatalf("trial %d: rows %v, report %+v; reference %v, %+v", trial, got, gotRep.Dedupe, want, wantRep.Dedupe)
		}
	}
}

package synth

import (
	"encoding/json"
	"testing"
)

// TestPanel: truth.json lists companies that answer in several waves; each
// appears in its waves' exports under the same email and company, and their
// firmographics drift.
func TestPanel(t *testing.T) {
	res, err := Generate(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	var truth struct {
		Panel []struct {
			Company, Email string
			Years          []int
		}
	}
	if err := json.Unmarshal(res.Files["truth.json"], &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth.Panel) < 300 {
		t.Fatalf("%d repeat companies, want at least 300 (120 a wave from 2023)", len(truth.Panel))
	}
	byEmail := map[string]map[int]*Respondent{}
	for _, e := range res.Exports {
		for _, p := range e.Rows {
			if p.Defect == "duplicate" || p.Defect == "blank" {
				continue
			}
			if byEmail[p.Email] == nil {
				byEmail[p.Email] = map[int]*Respondent{}
			}
			byEmail[p.Email][e.Year] = p
		}
	}
	drifted, pairs := 0, 0
	for _, c := range truth.Panel {
		if len(c.Years) < 2 {
			t.Fatalf("%s answered in %v only", c.Company, c.Years)
		}
		for k, y := range c.Years {
			p := byEmail[c.Email][y]
			if p == nil || p.Company != c.Company {
				t.Fatalf("%s (%s) not in the %d export", c.Company, c.Email, y)
			}
			if k == 0 {
				continue
			}
			q := byEmail[c.Email][c.Years[k-1]]
			pairs++
			if q.Stage != p.Stage || q.ARR != p.ARR || q.Headcount != p.Headcount || len(q.Motion) != len(p.Motion) {
				drifted++
			}
			if q.Region != p.Region || q.Segment != p.Segment {
				t.Errorf("%s: region or segment changed between %d and %d", c.Company, c.Years[k-1], y)
			}
		}
	}
	if drifted < pairs/2 || drifted == pairs {
		t.Errorf("%d of %d panel pairs drifted; want most but not all", drifted, pairs)
	}
}

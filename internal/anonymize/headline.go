package anonymize

import (
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/parallel"
)

// HeadlineTable returns the extract as a Table for the headline
// computation: its columns, plus each multi-select rebuilt as one column of
// chosen options joined by "; " ("*" when any option is suppressed, "" when
// unanswered or not asked).
func (x *Extract) HeadlineTable() *Table {
	var multis []string
	for _, col := range x.Columns {
		if col.Option != "" && (len(multis) == 0 || multis[len(multis)-1] != col.Variable) {
			multis = append(multis, col.Variable)
		}
	}
	header := append(append([]string(nil), x.Header...), multis...)
	t := NewTable(header, nil)
	t.n = x.Len()
	t.cell = func(i, j int) string {
		if j < len(x.Header) {
			return x.rows.label(i, j)
		}
		return x.joined(i, header[j])
	}
	return t
}

// joined is row i's chosen options of a multi-select, joined by "; ".
func (x *Extract) joined(i int, variable string) string {
	var chosen []string
	for j, col := range x.Columns {
		if col.Variable != variable {
			continue
		}
		switch x.rows.label(i, j+1) {
		case Suppressed:
			return Suppressed
		case Chosen:
			chosen = append(chosen, col.Option)
		case "", NotAsked:
			return ""
		}
	}
	return strings.Join(chosen, "; ")
}

// Headlines computes, for each extract with a hypothesis, that
// hypothesis's headline on the private data and on the extract
// (HeadlineFor), the extracts on every core; keyed by extract name.
func (r *Release) Headlines(d *dataset.Dataset) map[string]Headline {
	heads := make([]*Headline, len(r.Extracts))
	_ = parallel.Each(len(r.Extracts), func(i int) error {
		x := r.Extracts[i]
		if x.Spec.Hypothesis == "" {
			return nil
		}
		if h, ok := HeadlineFor(d, x.HeadlineTable(), r.Config, x.Spec.Hypothesis); ok {
			heads[i] = &h
		}
		return nil
	})
	out := map[string]Headline{}
	for i, h := range heads {
		if h != nil {
			out[r.Extracts[i].Spec.Name] = *h
		}
	}
	return out
}

package anonymize

import "strings"

// HeadlineTable returns the extract as a Table for the headline
// computation: its columns, plus each multi-select rebuilt as one column of
// chosen options joined by "; " ("*" when any option is suppressed, "" when
// unanswered or not asked).
func (x *Extract) HeadlineTable() *Table {
	header := append([]string(nil), x.Header...)
	var multis []string
	for _, col := range x.Columns {
		if col.Option != "" && (len(multis) == 0 || multis[len(multis)-1] != col.Variable) {
			multis = append(multis, col.Variable)
		}
	}
	header = append(header, multis...)
	rows := make([][]string, len(x.Rows))
	for i, r := range x.Rows {
		row := append([]string(nil), r...)
		for _, m := range multis {
			row = append(row, x.joined(r, m))
		}
		rows[i] = row
	}
	return NewTable(header, rows)
}

func (x *Extract) joined(r []string, variable string) string {
	var chosen []string
	for j, col := range x.Columns {
		if col.Variable != variable {
			continue
		}
		switch r[j+1] {
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

// HeadlineOf returns the headline of hypothesis id among heads.
func HeadlineOf(heads []Headline, id string) (Headline, bool) {
	for _, h := range heads {
		if h.ID == id {
			return h, true
		}
	}
	return Headline{}, false
}

package kit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// explorerData is what explorer.html embeds: each extract's columns and
// its distinct rows with their counts (the file's rows, grouped).
type explorerData struct {
	K        int               `json:"k"`
	Extracts []explorerExtract `json:"extracts"`
}

type explorerExtract struct {
	Name    string           `json:"name"`
	Columns []explorerColumn `json:"columns"`
	Rows    [][]int          `json:"rows"` // count, then each column's value index
}

type explorerColumn struct {
	Name   string   `json:"name"`
	Label  string   `json:"label"`
	Filter bool     `json:"filter"` // the year or a company attribute: offered as a cohort filter
	Banded bool     `json:"banded"` // a number in ordered bands: the median band is shown
	Values []string `json:"values"` // the dictionary's values in order, then any other cell seen
}

// Explorer renders explorer.html: one self-contained page (inline script
// and style, the data as JSON, no requests) over the extracts of p.
func Explorer(p *Public) ([]byte, error) {
	d := explorerData{K: p.K}
	for _, x := range p.Extracts {
		d.Extracts = append(d.Extracts, explorerOf(x))
	}
	js, err := json.Marshal(d) // escapes <, > and &: safe inside <script>
	if err != nil {
		return nil, err
	}
	page, err := embedded.ReadFile("templates/explorer.html.tmpl")
	if err != nil {
		return nil, err
	}
	return bytes.Replace(page, []byte("/*DATA*/null"), js, 1), nil
}

func explorerOf(x *Extract) explorerExtract {
	e := explorerExtract{Name: x.Name}
	index := make([]map[string]int, len(x.Columns))
	for j, c := range x.Columns {
		col := explorerColumn{Name: c.Name, Label: c.Label, Filter: j == 0 || c.Role == "quasi_identifier", Banded: c.Numeric()}
		col.Values = slices.Clone(c.Levels)
		if j == 0 {
			for _, y := range x.Years() {
				col.Values = append(col.Values, strconv.Itoa(y))
			}
		}
		index[j] = map[string]int{}
		for i, v := range col.Values {
			index[j][v] = i
		}
		e.Columns = append(e.Columns, col)
	}
	counts := map[string]int{}
	var keys []string
	var r []string
	for i := range x.Len() {
		r = x.Row(i, r)
		idx := make([]string, len(r))
		for j, cell := range r {
			i, ok := index[j][cell]
			if !ok {
				i = len(e.Columns[j].Values)
				index[j][cell] = i
				e.Columns[j].Values = append(e.Columns[j].Values, cell)
			}
			idx[j] = strconv.Itoa(i)
		}
		key := strings.Join(idx, ",")
		if counts[key] == 0 {
			keys = append(keys, key)
		}
		counts[key]++
	}
	for _, key := range keys {
		row := []int{counts[key]}
		for _, f := range strings.Split(key, ",") {
			i, _ := strconv.Atoi(f)
			row = append(row, i)
		}
		e.Rows = append(e.Rows, row)
	}
	return e
}

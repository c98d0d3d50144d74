package dataset

import (
	"fmt"
	"slices"
	"sort"
)

// Reason says why an input row was excluded. The rules that exclude rows
// (package clean, and codebook for blank rows) declare their own constants.
type Reason string

// Entry is the fate of one input row.
type Entry struct {
	Year       int
	File       string
	Row        int // 1-based row in the file
	ResponseID string
	Kept       bool
	Reason     Reason // why it was excluded; empty when kept
}

// Ledger records every input row exactly once: kept, or excluded with a
// reason. The invariant rows read = kept + excluded is checked by Verify.
type Ledger struct {
	Entries []Entry
	files   map[string]*fileRows // file → its entries by row
}

// fileRows indexes one file's entries by row: a sorted list while rows
// come in ascending order (as a reader gives them), a map after that.
type fileRows struct {
	rows  []int // ascending
	entry []int // entry of rows[k]
	m     map[int]int
}

func (f *fileRows) find(row int) (int, bool) {
	if f.m != nil {
		i, ok := f.m[row]
		return i, ok
	}
	k, ok := slices.BinarySearch(f.rows, row)
	if !ok {
		return 0, false
	}
	return f.entry[k], true
}

// add indexes entry under row; false when the row is already there.
func (f *fileRows) add(row, entry int) bool {
	if f.m == nil && (len(f.rows) == 0 || row > f.rows[len(f.rows)-1]) {
		f.rows, f.entry = append(f.rows, row), append(f.entry, entry)
		return true
	}
	if _, dup := f.find(row); dup {
		return false
	}
	if f.m == nil {
		f.m = make(map[int]int, len(f.rows)+1)
		for k, r := range f.rows {
			f.m[r] = f.entry[k]
		}
		f.rows, f.entry = nil, nil
	}
	f.m[row] = entry
	return true
}

func (l *Ledger) file(name string) *fileRows {
	if l.files == nil {
		l.files = map[string]*fileRows{}
	}
	f := l.files[name]
	if f == nil {
		f = &fileRows{}
		l.files[name] = f
	}
	return f
}

// Add records a row read from a file, kept until Exclude says otherwise.
// Adding the same file and row twice is a programmer error and panics.
func (l *Ledger) Add(year int, file string, row int, id string) {
	if !l.file(file).add(row, len(l.Entries)) {
		panic(fmt.Sprintf("ledger: %s row %d added twice", file, row))
	}
	l.Entries = append(l.Entries, Entry{Year: year, File: file, Row: row, ResponseID: id, Kept: true})
}

// index returns the entry of a file's row.
func (l *Ledger) index(file string, row int) (int, bool) {
	f := l.files[file]
	if f == nil {
		return 0, false
	}
	return f.find(row)
}

// ConcatLedgers joins ledgers in order into one; the parts are emptied. A
// row in two parts is a programmer error and panics, as with Add.
func ConcatLedgers(parts []*Ledger) *Ledger {
	n := 0
	for _, p := range parts {
		n += len(p.Entries)
	}
	out := &Ledger{Entries: make([]Entry, 0, n), files: map[string]*fileRows{}}
	for _, p := range parts {
		base := len(out.Entries)
		for name, f := range p.files {
			if out.files[name] != nil {
				continue // shared with an earlier part: added entry by entry below
			}
			for k := range f.entry {
				f.entry[k] += base
			}
			for r, i := range f.m {
				f.m[r] = i + base
			}
			out.files[name] = f
		}
		for i, e := range p.Entries {
			if f := out.files[e.File]; f != p.files[e.File] && !f.add(e.Row, base+i) {
				panic(fmt.Sprintf("ledger: %s row %d added twice", e.File, e.Row))
			}
		}
		out.Entries = append(out.Entries, p.Entries...)
		p.Entries, p.files = nil, nil
	}
	return out
}

// Exclude marks a row excluded with a reason. The first reason stands: a row
// already excluded keeps its reason. It reports whether the row was found.
func (l *Ledger) Exclude(file string, row int, reason Reason) bool {
	i, ok := l.index(file, row)
	if !ok {
		return false
	}
	if l.Entries[i].Kept {
		l.Entries[i].Kept = false
		l.Entries[i].Reason = reason
	}
	return true
}

// Counts is a wave's tally.
type Counts struct {
	Year     int
	File     string
	Read     int
	Kept     int
	Excluded map[Reason]int // by reason
}

// ExcludedTotal is the number of excluded rows over all reasons.
func (c Counts) ExcludedTotal() int {
	n := 0
	for _, v := range c.Excluded {
		n += v
	}
	return n
}

// Tally returns per-file counts, ordered by year then file.
func (l *Ledger) Tally() []Counts {
	m := map[string]*Counts{}
	var files []string
	for _, e := range l.Entries {
		c := m[e.File]
		if c == nil {
			c = &Counts{Year: e.Year, File: e.File, Excluded: map[Reason]int{}}
			m[e.File] = c
			files = append(files, e.File)
		}
		c.Read++
		if e.Kept {
			c.Kept++
		} else {
			c.Excluded[e.Reason]++
		}
	}
	sort.Slice(files, func(a, b int) bool {
		if m[files[a]].Year != m[files[b]].Year {
			return m[files[a]].Year < m[files[b]].Year
		}
		return files[a] < files[b]
	})
	out := make([]Counts, len(files))
	for i, f := range files {
		out[i] = *m[f]
	}
	return out
}

// Excluded returns the excluded entries in ledger order.
func (l *Ledger) Excluded() []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if !e.Kept {
			out = append(out, e)
		}
	}
	return out
}

// Verify checks the accounting: for each file, the rows read (as given by
// read) equal the ledger's entries, and the kept entries are exactly the rows
// of d from that file.
func (l *Ledger) Verify(read map[string]int, d *Dataset) error {
	kept := map[string]int{}
	for i := 0; i < d.Len(); i++ {
		kept[d.File[i]]++
		j, ok := l.index(d.File[i], d.Line[i])
		if !ok || !l.Entries[j].Kept {
			return fmt.Errorf("ledger: %s row %d is in the dataset but not kept in the ledger", d.File[i], d.Line[i])
		}
	}
	tally := l.Tally()
	seen := map[string]bool{}
	for _, c := range tally {
		seen[c.File] = true
		if n, ok := read[c.File]; !ok || n != c.Read {
			return fmt.Errorf("ledger: %s: %d rows read but %d in the ledger", c.File, read[c.File], c.Read)
		}
		if c.Kept+c.ExcludedTotal() != c.Read {
			return fmt.Errorf("ledger: %s: read %d != kept %d + excluded %d", c.File, c.Read, c.Kept, c.ExcludedTotal())
		}
		if kept[c.File] != c.Kept {
			return fmt.Errorf("ledger: %s: %d kept in the ledger but %d rows in the dataset", c.File, c.Kept, kept[c.File])
		}
	}
	for f, n := range read {
		if !seen[f] && n > 0 {
			return fmt.Errorf("ledger: %s: %d rows read but none in the ledger", f, n)
		}
	}
	return nil
}

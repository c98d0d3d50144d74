package clean

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// ReasonWithdrawn is the ledger reason of a respondent who asked to be
// removed (data/withdrawn.csv).
const ReasonWithdrawn dataset.Reason = "withdrawn"

// WithdrawnFile is the data folder's list of withdrawal requests: a CSV
// with a response_id column, one request per row.
const WithdrawnFile = codebook.WithdrawnFile

// maxWithdrawn bounds the requests read (memory stays bounded on hostile input).
const (
	maxWithdrawn      = 1 << 20
	maxWithdrawnBytes = 64 << 20
)

// ReadWithdrawn reads the response ids of a withdrawal list. A missing
// file is an empty list; errors name the file, row and column.
func ReadWithdrawn(path string) ([]string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Size() > maxWithdrawnBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxWithdrawnBytes)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ids, err := parseWithdrawn(bytes.TrimPrefix(b, []byte("\ufeff")))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// parseWithdrawn reads the response_id column of a withdrawal list.
func parseWithdrawn(b []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("row 1: %w", err)
	}
	col := slices.IndexFunc(head, func(h string) bool { return strings.TrimSpace(h) == "response_id" })
	if col < 0 {
		return nil, fmt.Errorf("row 1: no column \"response_id\"")
	}
	var ids []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, err // csv.ParseError names the line
		}
		row, _ := r.FieldPos(0)
		id := ""
		if col < len(rec) {
			id = strings.TrimSpace(rec[col])
		}
		if id == "" {
			return nil, fmt.Errorf("row %d column %d (response_id): empty", row, col+1)
		}
		if len(ids) == maxWithdrawn {
			return nil, fmt.Errorf("row %d: more than %d requests", row, maxWithdrawn)
		}
		ids = append(ids, id)
	}
}

// Withdrawal is what a withdrawal list did.
type Withdrawal struct {
	Requests int // ids listed (duplicates counted once)
	// Removed are the withdrawn responses (every row whose response id is
	// listed, in any wave): kept only in memory so the release can take
	// their published classes down; never written.
	Removed *dataset.Dataset
	// NotFound counts listed ids no response carries (already removed, or
	// mistyped).
	NotFound int
}

// Withdraw removes the rows whose response id is listed, before any
// quality rule, records them in the ledger as ReasonWithdrawn, and returns
// the remaining rows.
func Withdraw(d *dataset.Dataset, l *dataset.Ledger, ids []string) (*dataset.Dataset, Withdrawal) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	w := Withdrawal{Requests: len(want)}
	found := map[string]bool{}
	out := func(i int) bool { return want[d.ID[i]] }
	for i := 0; i < d.Len(); i++ {
		if out(i) {
			found[d.ID[i]] = true
			l.Exclude(d.File[i], d.Line[i], ReasonWithdrawn)
		}
	}
	w.NotFound = len(want) - len(found)
	w.Removed = d.Subset(out)
	if w.Removed.Len() == 0 {
		return d, w
	}
	return d.Subset(func(i int) bool { return !out(i) }), w
}

package clean

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// ReasonWithdrawn is the ledger reason of a respondent who asked to be
// removed (data/withdrawn.csv).
const ReasonWithdrawn dataset.Reason = "withdrawn"

// WithdrawnFile is the data folder's list of withdrawal requests: a CSV
// with a response_id column, an email column, or both, one request per
// row (either may be empty on a row, not both).
const WithdrawnFile = codebook.WithdrawnFile

// maxWithdrawn bounds the requests read (memory stays bounded on hostile input).
const (
	maxWithdrawn      = 1 << 20
	maxWithdrawnBytes = 64 << 20
)

// Request is one withdrawal request: a response id, an email, or both
// (a row matches either). Email is kept as listed; rows match it
// case-insensitively after trimming (emailKey).
type Request struct{ ResponseID, Email string }

// ReadWithdrawn reads the requests of a withdrawal list. A missing file
// is an empty list; errors name the file, row and column.
// A folder, FIFO or device is refused by name, a larger file than 64 MiB
// once that much is read.
func ReadWithdrawn(path string) ([]Request, error) {
	b, err := survey.ReadRegular(path, maxWithdrawnBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	reqs, err := parseWithdrawn(bytes.TrimPrefix(b, []byte("\ufeff")))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reqs, nil
}

// withdrawnColumns finds the response_id and email columns of the header
// (-1 when absent; at least one must be there).
func withdrawnColumns(head []string) (id, email int, err error) {
	col := func(name string) int {
		return slices.IndexFunc(head, func(h string) bool { return strings.TrimSpace(h) == name })
	}
	id, email = col("response_id"), col("email")
	if id < 0 && email < 0 {
		return -1, -1, fmt.Errorf("row 1: no column \"response_id\" or \"email\"")
	}
	return id, email, nil
}

// parseWithdrawn reads the response_id and email columns of a withdrawal list.
func parseWithdrawn(b []byte) ([]Request, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("row 1: %w", err)
	}
	idCol, emailCol, err := withdrawnColumns(head)
	if err != nil {
		return nil, err
	}
	field := func(rec []string, col int) string {
		if col < 0 || col >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[col])
	}
	var reqs []Request
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return reqs, nil
		}
		if err != nil {
			return nil, err // csv.ParseError names the line
		}
		row, _ := r.FieldPos(0)
		q := Request{ResponseID: field(rec, idCol), Email: field(rec, emailCol)}
		if q == (Request{}) {
			return nil, fmt.Errorf("row %d: %s empty", row, emptyWhich(idCol, emailCol))
		}
		if len(reqs) == maxWithdrawn {
			return nil, fmt.Errorf("row %d: more than %d requests", row, maxWithdrawn)
		}
		reqs = append(reqs, q)
	}
}

// emptyWhich names the columns an empty request left empty.
func emptyWhich(idCol, emailCol int) string {
	var parts []string
	if idCol >= 0 {
		parts = append(parts, fmt.Sprintf("column %d (response_id)", idCol+1))
	}
	if emailCol >= 0 {
		parts = append(parts, fmt.Sprintf("column %d (email)", emailCol+1))
	}
	return strings.Join(parts, " and ")
}

// emailKey is the form a withdrawal email is compared in: trimmed, case
// folded (lowerKey).
func emailKey(s string) string { return lowerKey(s) }

// Withdrawal is what a withdrawal list did.
type Withdrawal struct {
	Requests int // requests listed (duplicates counted once)
	// Removed are the withdrawn responses (every row whose response id or
	// email is listed, in any wave): kept only in memory so the release can
	// take their published classes down; never written.
	Removed *dataset.Dataset
	// NotFound counts listed requests no response matches (already
	// removed, or mistyped).
	NotFound int
}

// Withdraw removes the rows a request names (its response id, or its
// email compared case-insensitively after trimming: the only way to name
// a respondent of a wave whose export has no response id), before any
// quality rule, records them in the ledger as ReasonWithdrawn, and
// returns the remaining rows.
func Withdraw(d *dataset.Dataset, l *dataset.Ledger, reqs []Request) (*dataset.Dataset, Withdrawal) {
	uniq, ids, emails := requestKeys(reqs)
	email := d.Col("email")
	if email != nil && email.Kind != dataset.Text {
		email = nil
	}
	out := make([]bool, d.Len())
	for i := range out {
		if _, ok := ids[d.ID[i]]; ok && d.ID[i] != "" {
			out[i], ids[d.ID[i]] = true, true
		}
		if email != nil {
			if e := emailKey(email.Text[i]); e != "" {
				if _, ok := emails[e]; ok {
					out[i], emails[e] = true, true
				}
			}
		}
		if out[i] {
			l.Exclude(d.File[i], d.Line[i], ReasonWithdrawn)
		}
	}
	w := Withdrawal{Requests: len(uniq)}
	for q := range uniq {
		if !ids[q.ResponseID] && !emails[q.Email] {
			w.NotFound++
		}
	}
	w.Removed = d.Subset(func(i int) bool { return out[i] })
	if w.Removed.Len() == 0 {
		return d, w
	}
	return d.Subset(func(i int) bool { return !out[i] }), w
}

// requestKeys are the distinct requests (email as emailKey) and the ids and
// emails they list, each marked not yet matched.
func requestKeys(reqs []Request) (uniq map[Request]bool, ids, emails map[string]bool) {
	uniq, ids, emails = map[Request]bool{}, map[string]bool{}, map[string]bool{}
	for _, q := range reqs {
		q.Email = emailKey(q.Email)
		uniq[q] = true
		if q.ResponseID != "" {
			ids[q.ResponseID] = false
		}
		if q.Email != "" {
			emails[q.Email] = false
		}
	}
	return uniq, ids, emails
}

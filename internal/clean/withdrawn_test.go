package clean_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// TestWithdraw: listed responses leave the data before the quality rules,
// in every wave, with ledger reason withdrawn, and rows read = kept +
// excluded still holds; ingest does not take the list for an export.
func TestWithdraw(t *testing.T) {
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: 5, Scale: 1, Effects: "null"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := in.Data.Len() - 1; i >= 0 && len(ids) < 2; i -= 400 {
		if in.Data.ID[i] != "" {
			ids = append(ids, in.Data.ID[i])
		}
	}
	ids = append(ids, "no-such-response", ids[0])
	if err := os.WriteFile(filepath.Join(dir, clean.WithdrawnFile), []byte("\ufeffresponse_id,note\n"+strings.Join(ids, ",x\n")+",x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err = ingest.Load(dir, res.Codebook) // the list is no export
	if err != nil {
		t.Fatal(err)
	}
	read, err := clean.ReadWithdrawn(filepath.Join(dir, clean.WithdrawnFile))
	if err != nil || !slices.Equal(read, ids) {
		t.Fatalf("read %v, %v; want %v", read, err, ids)
	}
	n := in.Data.Len()
	data, w := clean.Withdraw(in.Data, in.Ledger, read)
	if w.Requests != 3 || w.NotFound != 1 || w.Removed.Len() != 2 || data.Len() != n-2 {
		t.Fatalf("requests %d, not found %d, removed %d, left %d of %d", w.Requests, w.NotFound, w.Removed.Len(), data.Len(), n)
	}
	for i := 0; i < data.Len(); i++ {
		if data.ID[i] == ids[0] || data.ID[i] == ids[1] {
			t.Fatalf("withdrawn response %s is still in the data", data.ID[i])
		}
	}
	kept, _ := clean.Apply(data, in.Ledger, res.Codebook, clean.Defaults())
	if err := in.Ledger.Verify(in.Read, kept); err != nil {
		t.Fatal(err)
	}
	withdrawn := 0
	for _, e := range in.Ledger.Excluded() {
		if e.Reason == clean.ReasonWithdrawn {
			withdrawn++
		}
	}
	if withdrawn != 2 {
		t.Errorf("%d ledger entries with reason withdrawn, want 2", withdrawn)
	}
}

func TestReadWithdrawnBadInput(t *testing.T) {
	dir := t.TempDir()
	if ids, err := clean.ReadWithdrawn(filepath.Join(dir, "absent.csv")); err != nil || ids != nil {
		t.Errorf("a missing list: %v, %v; want none", ids, err)
	}
	for _, tc := range []struct{ body, want string }{
		{"id\nR_1\n", "row 1: no column \"response_id\""},
		{"response_id\nR_1\n\n \n", "row 4 column 1 (response_id): empty"},
		{"response_id\n\"R_1\n", "line 2"},
		{"", "row 1"},
	} {
		p := filepath.Join(dir, clean.WithdrawnFile)
		os.WriteFile(p, []byte(tc.body), 0o644)
		_, err := clean.ReadWithdrawn(p)
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q naming the file", tc.body, err, tc.want)
		}
	}
}

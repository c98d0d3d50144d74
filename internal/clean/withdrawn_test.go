package clean_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// synthLoaded writes a small synthetic data folder and reads it.
func synthLoaded(t *testing.T) (string, *synth.Result, *ingest.Result) {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: 5, Scale: 1, Effects: "null"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	return dir, res, in
}

// TestWithdraw: listed responses leave the data before the quality rules,
// in every wave, with ledger reason withdrawn, and rows read = kept +
// excluded still holds; ingest does not take the list for an export.
func TestWithdraw(t *testing.T) {
	dir, res, in := synthLoaded(t)
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
	in, err := ingest.Load(dir, res.Codebook) // the list is no export
	if err != nil {
		t.Fatal(err)
	}
	read, err := clean.ReadWithdrawn(filepath.Join(dir, clean.WithdrawnFile))
	var want []clean.Request
	for _, id := range ids {
		want = append(want, clean.Request{ResponseID: id})
	}
	if err != nil || !slices.Equal(read, want) {
		t.Fatalf("read %v, %v; want %v", read, err, want)
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
		{"id\nR_1\n", "row 1: no column \"response_id\" or \"email\""},
		{"response_id\nR_1\n\n \n", "row 4: column 1 (response_id) empty"},
		{"note,email,response_id\nx,a@b.co,\ny,,R_2\nz, , \n", "row 4: column 3 (response_id) and column 2 (email) empty"},
		{"email\na@b.co\n\"x\n", "line 3"},
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
	// A FIFO is refused by name (not waited on), a folder too.
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		if _, err := clean.ReadWithdrawn(fifo); err == nil || !strings.Contains(err.Error(), fifo) {
			t.Errorf("a FIFO: err = %v, want an error naming it", err)
		}
	}
	if _, err := clean.ReadWithdrawn(dir); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("a folder: err = %v, want an error naming it", err)
	}
}

// TestWithdrawByEmail: a 2022 respondent (Google Forms writes no response
// id) is withdrawn by email, listed in other case and with spaces around
// it: every row with that email leaves the data, with ledger reason
// withdrawn, and rows read = kept + excluded holds; a request by id on
// the same list still works, and an unknown email counts as not found.
func TestWithdrawByEmail(t *testing.T) {
	dir, res, in := synthLoaded(t)
	d, email := in.Data, in.Data.Col("email")
	pick, byID := -1, -1
	for i := 0; i < d.Len(); i++ {
		if d.Year[i] == 2022 && d.ID[i] == "" && strings.Contains(email.Text[i], "@") && pick < 0 {
			pick = i
		}
		if d.Year[i] == 2025 && d.ID[i] != "" {
			byID = i
		}
	}
	if pick < 0 || byID < 0 {
		t.Fatal("no 2022 respondent with an email and no id, or no 2025 response id")
	}
	addr := email.Text[pick]
	same := 0
	for i := 0; i < d.Len(); i++ {
		if strings.EqualFold(strings.TrimSpace(email.Text[i]), addr) || i == byID {
			same++
		}
	}
	list := "response_id,email\n,  " + strings.ToUpper(addr) + " \n" + d.ID[byID] + ",\n,nobody@example.invalid\n"
	if err := os.WriteFile(filepath.Join(dir, clean.WithdrawnFile), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := clean.ReadWithdrawn(filepath.Join(dir, clean.WithdrawnFile))
	if err != nil || len(read) != 3 || read[0] != (clean.Request{Email: strings.ToUpper(addr)}) {
		t.Fatalf("read %v, %v", read, err)
	}
	n := d.Len()
	data, w := clean.Withdraw(d, in.Ledger, read)
	if w.Requests != 3 || w.NotFound != 1 || w.Removed.Len() != same || data.Len() != n-same {
		t.Fatalf("requests %d, not found %d, removed %d, left %d of %d; want 3, 1, %d", w.Requests, w.NotFound, w.Removed.Len(), data.Len(), n, same)
	}
	for i, e := range data.Col("email").Text {
		if strings.EqualFold(strings.TrimSpace(e), addr) || data.ID[i] == d.ID[byID] {
			t.Fatalf("withdrawn respondent (%s, %s) is still in the data", e, data.ID[i])
		}
	}
	kept, _ := clean.Apply(data, in.Ledger, res.Codebook, clean.Defaults())
	if err := in.Ledger.Verify(in.Read, kept); err != nil {
		t.Fatal(err)
	}
	var withdrawn2022 int
	for _, e := range in.Ledger.Excluded() {
		if e.Reason == clean.ReasonWithdrawn && strings.HasPrefix(filepath.Base(e.File), "2022") {
			withdrawn2022++
		}
	}
	if withdrawn2022 == 0 {
		t.Error("no 2022 ledger entry with reason withdrawn")
	}
}

package cards_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/kittest"
)

var peerLine = regexp.MustCompile(`<p class="peer" data-wave="(\d+)" data-extract="([^"]*)" data-question="([^"]*)" data-cohort="([^"]*)" data-stage="([^"]*)" data-arr="([^"]*)">[^<]*: median <b>([^<]*)</b>, middle half <b>([^<]*)</b> to <b>([^<]*)</b>, n = <b>(\d+)</b></p>`)

// testKey is the key the fixture's cards are named under.
var testKey = cards.Key{1}

// cardsOf renders the fixture's cards under testKey.
func cardsOf(t *testing.T) (map[string][]byte, []cards.Respondent, kittest.Release) {
	f := kittest.Get(t)
	rs := cards.Respondents(f.Survey.Kept, f.Survey.Res.Codebook, f.Config, f.Kit.Public, f.R.Generalization())
	files, err := cards.Files(rs, testKey, f.Kit.Benchmarks)
	if err != nil {
		t.Fatal(err)
	}
	return files, rs, f
}

// TestEveryPeerNumberIsABenchmarkCell: every peer figure on every card is a
// shown cell of benchmarks.csv as written (read back from its bytes), of
// the respondent's own wave; a card shows no number other than the
// respondent's own answers and those cells.
func TestEveryPeerNumberIsABenchmarkCell(t *testing.T) {
	files, rs, f := cardsOf(t)
	bench, err := kit.ParseBenchmarks(f.Kit.Files[kit.BenchmarksFile])
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ wave, extract, question, cohort, stage, arr string }
	shown := map[key][4]string{}
	for _, b := range bench {
		if b.Shown() {
			shown[key{strconv.Itoa(b.Wave), b.Extract, b.Question, string(b.Cohort), b.Stage, b.ARRBand}] = [4]string{b.Median, b.Q1, b.Q3, strconv.Itoa(int(b.N))}
		}
	}
	if len(rs) == 0 {
		t.Fatal("no respondents in the latest wave")
	}
	lines, fine := 0, 0
	for _, r := range rs {
		page := string(files[cards.Dir+"/"+cards.Token(testKey, r.Wave, r.ResponseID)+".html"])
		if page == "" {
			t.Fatalf("no card for %s", r.ResponseID)
		}
		for _, m := range peerLine.FindAllStringSubmatch(page, -1) {
			lines++
			u := func(s string) string { return html.UnescapeString(s) }
			k := key{m[1], u(m[2]), u(m[3]), u(m[4]), u(m[5]), u(m[6])}
			got := [4]string{u(m[7]), u(m[8]), u(m[9]), m[10]}
			if want, ok := shown[k]; !ok || want != got {
				t.Fatalf("card of %s: peer line %v %v is no shown cell of benchmarks.csv (%v)", r.ResponseID, k, got, want)
			}
			if k.wave != strconv.Itoa(r.Wave) {
				t.Errorf("card of %s shows wave %s", r.ResponseID, k.wave)
			}
			if k.cohort == string(kit.CohortStageARR) {
				fine++
			}
		}
		if n := strings.Count(page, `class="peer"`); n != len(peerLine.FindAllString(page, -1)) {
			t.Fatalf("card of %s: %d peer lines, %d in the checked form", r.ResponseID, n, len(peerLine.FindAllString(page, -1)))
		}
	}
	if lines == 0 {
		t.Fatal("no peer line on any card")
	}
	t.Logf("%d cards, %d peer lines checked (%d at stage × ARR band)", len(rs), lines, fine)
}

// TestCardShowsOwnAnswerAndNoOthers: a card holds its respondent's own
// answers and none that only another respondent gave; the control (the
// neighbour's card) shows the neighbour's.
func TestCardShowsOwnAnswerAndNoOthers(t *testing.T) {
	files, rs, _ := cardsOf(t)
	own := func(r cards.Respondent) []string {
		var out []string
		for _, a := range r.Answers {
			if a.Value != "" {
				out = append(out, `Your answer: <span class="val">`+html.EscapeString(a.Value)+`</span>`)
			}
		}
		return out
	}
	checked := 0
	for i := 0; i+1 < len(rs) && checked < 50; i++ {
		a, b := rs[i], rs[i+1]
		page := string(files[cards.Dir+"/"+cards.Token(testKey, a.Wave, a.ResponseID)+".html"])
		for _, s := range own(a) {
			if !strings.Contains(page, s) {
				t.Fatalf("card of %s lacks its own %q", a.ResponseID, s)
			}
		}
		for _, s := range own(b) {
			if !strings.Contains(page, s) && !containsAny(own(a), s) {
				checked++ // b's answer is absent from a's card, as it must be
			} else if !containsAny(own(a), s) {
				t.Fatalf("card of %s shows %q, an answer of %s", a.ResponseID, s, b.ResponseID)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no neighbour answer compared")
	}
}

func containsAny(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestTokens: deterministic from the key, different with another key or
// response, 32 hex digits; cards.csv lists every card once with its email,
// escaped for spreadsheets.
func TestTokens(t *testing.T) {
	k7, k8 := cards.Key{7}, cards.Key{8}
	a, b := cards.Token(k7, 2026, "R_1"), cards.Token(k7, 2026, "R_1")
	if a != b || len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Errorf("token %q, %q: want the same 32 hex digits", a, b)
	}
	if cards.Token(k8, 2026, "R_1") == a || cards.Token(k7, 2026, "R_2") == a || cards.Token(k7, 2025, "R_1") == a {
		t.Error("a token does not change with the key, the response or the wave")
	}
	files, rs, _ := cardsOf(t)
	recs, err := csv.NewReader(bytes.NewReader(files[cards.Index])).ReadAll()
	if err != nil || len(recs) != len(rs)+1 || recs[0][0] != "email" || recs[0][1] != "token" {
		t.Fatalf("cards.csv: %d rows, err %v; want %d and header email,token", len(recs), err, len(rs)+1)
	}
	seen := map[string]bool{}
	for i, r := range recs[1:] {
		if seen[r[1]] || files[cards.Dir+"/"+r[1]+".html"] == nil {
			t.Errorf("row %d: token %s repeated or without a card", i+2, r[1])
		}
		seen[r[1]] = true
		if strings.ContainsAny(r[0][:min(1, len(r[0]))], "=+-@") {
			t.Errorf("row %d: email %q not escaped", i+2, r[0])
		}
	}
}

// TestLinesPickTheFinestShownCell: stage × ARR band first, and a hidden
// cell is passed over for the next cohort.
func TestLinesPickTheFinestShownCell(t *testing.T) {
	bands := []string{"<10%", "10–20%", "≥20%"}
	bench := []kit.Benchmark{
		{Wave: 2026, Extract: "x", Question: "q", Cohort: kit.CohortAll, N: 40, Q1: "<10%", Median: "10–20%", Q3: "≥20%", Status: "shown"},
		{Wave: 2026, Extract: "x", Question: "q", Cohort: kit.CohortStage, Stage: "A", N: 20, Q1: "<10%", Median: "10–20%", Q3: "10–20%", Status: "shown"},
		{Wave: 2026, Extract: "x", Question: "q", Cohort: kit.CohortStageARR, Stage: "A", ARRBand: "<$10M", Status: kit.TooFew},
	}
	r := cards.Respondent{Wave: 2026, Stage: map[string]string{"x": "A"}, ARR: map[string]string{"x": "<$10M"},
		Answers: []cards.Answer{{Question: "q", Label: "Q", Value: "25%", Band: map[string]string{"x": "≥20%"}, Bands: map[string][]string{"x": bands}}}}
	l := cards.Lines(r, bench)[0]
	if !l.HasPeer || l.Peer.Cohort != kit.CohortStage || l.Position != "above the middle half of your peers" {
		t.Errorf("line = %+v; want the stage cell and above the middle half", l)
	}
	bench[2].Status, bench[2].N, bench[2].Q1, bench[2].Median, bench[2].Q3 = "shown", 8, "≥20%", "≥20%", "≥20%"
	if l := cards.Lines(r, bench)[0]; l.Peer.Cohort != kit.CohortStageARR || l.Position != "within the middle half of your peers" {
		t.Errorf("line = %+v; want the stage × ARR cell", l)
	}
	r.Stage["x"] = ""
	if l := cards.Lines(r, bench)[0]; l.Peer.Cohort != kit.CohortAll {
		t.Errorf("unknown stage: line = %+v; want all respondents", l)
	}
}

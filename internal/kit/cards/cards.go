// Package cards writes the private "where you stand" cards: one HTML page
// per respondent of the latest wave with their own answers beside the peer
// benchmarks of their cohort, and cards.csv (email, token) for a mail
// merge. A card reads the respondent's own row and cells of
// public/benchmarks.csv as plain values; it shows no other respondent's
// answer, only benchmark cells the public release already publishes. A
// card is named by a token under a secret key (key.go) that is never
// written, so knowing a response id and everything the run publishes does
// not find its card.
package cards

import (
	"bytes"
	"embed"
	"encoding/csv"
	"html/template"
	"slices"
	"strconv"

	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
)

// Dir and Index are the cards' folder and the mail-merge list, relative to private/.
const (
	Dir   = "cards"
	Index = "cards.csv"
)

//go:embed card.html.tmpl
var files embed.FS

var page = template.Must(template.ParseFS(files, "card.html.tmpl"))

// Respondent is one respondent's own row, as plain values.
type Respondent struct {
	ResponseID, Email string
	Wave              int
	// Stage and ARR are the respondent's stage and ARR band as each extract
	// releases them (extract name → label; "" when unknown or suppressed).
	Stage, ARR map[string]string
	Answers    []Answer
}

// Answer is the respondent's own answer to one numeric question.
type Answer struct {
	Question, Label string
	Value           string // the own answer in words ("28%"); "" when not answered
	// Band is, per extract, the band the answer falls in as that extract
	// releases the question ("20–30%"; a company attribute at the extract's
	// generalization level); Bands the extract's bands, low to high.
	Band  map[string]string
	Bands map[string][]string
}

// Line is one question on a card: the own answer and the peer cell.
type Line struct {
	Answer
	OwnBand  string // the own band in the peer cell's extract
	Peer     kit.Benchmark
	HasPeer  bool
	Cohort   string // the peers in words
	Position string // where the own band lies against the peers' middle half
}

// Lines pairs each answer with the finest shown benchmark cell of the
// respondent's cohort: stage × ARR band, then stage, then ARR band, then
// all respondents of the wave; extracts in benchmarks.csv order.
func Lines(r Respondent, bench []kit.Benchmark) []Line {
	var out []Line
	for _, a := range r.Answers {
		l := Line{Answer: a}
		l.Peer, l.HasPeer = pick(r, a.Question, bench)
		if l.HasPeer {
			l.OwnBand = a.Band[l.Peer.Extract]
			l.Cohort = cohortWords(l.Peer)
			l.Position = position(a.Bands[l.Peer.Extract], l.OwnBand, l.Peer)
		}
		out = append(out, l)
	}
	return out
}

func pick(r Respondent, question string, bench []kit.Benchmark) (kit.Benchmark, bool) {
	for _, c := range []kit.Cohort{kit.CohortStageARR, kit.CohortStage, kit.CohortARR, kit.CohortAll} {
		for _, b := range bench {
			if b.Wave != r.Wave || b.Question != question || b.Cohort != c || !b.Shown() {
				continue
			}
			stage, arr := r.Stage[b.Extract], r.ARR[b.Extract]
			needStage := c == kit.CohortStageARR || c == kit.CohortStage
			needARR := c == kit.CohortStageARR || c == kit.CohortARR
			if (needStage && (stage == "" || b.Stage != stage)) || (needARR && (arr == "" || b.ARRBand != arr)) {
				continue
			}
			return b, true
		}
	}
	return kit.Benchmark{}, false
}

func cohortWords(b kit.Benchmark) string {
	switch b.Cohort {
	case kit.CohortStageARR:
		return "Peers at stage " + b.Stage + " with ARR " + b.ARRBand + ", " + strconv.Itoa(b.Wave)
	case kit.CohortStage:
		return "Peers at stage " + b.Stage + ", " + strconv.Itoa(b.Wave)
	case kit.CohortARR:
		return "Peers with ARR " + b.ARRBand + ", " + strconv.Itoa(b.Wave)
	}
	return "All respondents of " + strconv.Itoa(b.Wave)
}

// position says where the own band lies against the peers' quartile bands.
func position(bands []string, band string, b kit.Benchmark) string {
	own := slices.Index(bands, band)
	q1, q3 := slices.Index(bands, b.Q1), slices.Index(bands, b.Q3)
	switch {
	case own < 0 || q1 < 0 || q3 < 0:
		return ""
	case own < q1:
		return "below the middle half of your peers"
	case own > q3:
		return "above the middle half of your peers"
	}
	return "within the middle half of your peers"
}

// Card renders one respondent's card.
func Card(r Respondent, bench []kit.Benchmark) ([]byte, error) {
	var b bytes.Buffer
	err := page.Execute(&b, map[string]any{"R": r, "Lines": Lines(r, bench)})
	return b.Bytes(), err
}

// Files renders every card as cards/TOKEN.html (Token under key) and the
// mail-merge list cards.csv (email, token), keyed relative to private/.
func Files(rs []Respondent, key Key, bench []kit.Benchmark) (map[string][]byte, error) {
	out := map[string][]byte{}
	var list bytes.Buffer
	w := csv.NewWriter(&list)
	w.Write([]string{"email", "token"})
	for _, r := range rs {
		tok := Token(key, r.Wave, r.ResponseID)
		b, err := Card(r, bench)
		if err != nil {
			return nil, err
		}
		out[Dir+"/"+tok+".html"] = b
		w.Write([]string{report.EscapeCell(r.Email), tok})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	out[Index] = list.Bytes()
	return out, nil
}

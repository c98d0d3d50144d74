package anonymize_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/clean"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

const canary = "Zanzibar Quockerwodger"

type fixture struct {
	cb   *codebook.Codebook
	cfg  *anonymize.Config
	kept *dataset.Dataset
	res  *synth.Result
}

func load(t testing.TB, seed uint64) fixture {
	t.Helper()
	dir := t.TempDir()
	res, err := synth.Write(dir, synth.Options{Seed: seed, Scale: 1, Effects: "planted"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.Load(dir, res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := clean.Apply(in.Data, in.Ledger, res.Codebook, clean.Defaults())
	// Plant canaries in every text column: names, companies, comments.
	for _, name := range kept.Names {
		if c := kept.Col(name); c.Kind == dataset.Text {
			for i := range c.Text {
				if i%7 == 0 {
					c.Text[i] = canary + " " + c.Text[i]
				}
			}
		}
	}
	cfg, err := anonymize.LoadConfig("../../data/release.yaml", res.Codebook)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{res.Codebook, cfg, kept, res}
}

// files writes every public file of a release and returns their bytes.
func files(t testing.TB, r *anonymize.Release, d *dataset.Dataset) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var err error
	if out[anonymize.DataCSV], err = r.CSV(); err != nil {
		t.Fatal(err)
	}
	if out[anonymize.Dictionary], err = r.DictionaryCSV(); err != nil {
		t.Fatal(err)
	}
	if out[anonymize.DataXLSX], err = r.XLSX(); err != nil {
		t.Fatal(err)
	}
	out[anonymize.Disclosure] = r.Report(r.Attacks(d), nil, 0.05)
	return out
}

// --- the independent checker: reads the CSV bytes, knows only the config ---

func readCSV(t testing.TB, b []byte) ([]string, [][]string) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

func qiColumns(cfg *anonymize.Config) []string {
	cols := []string{"year"}
	for _, q := range cfg.QuasiIdentifiers {
		cols = append(cols, q.Variable)
	}
	return cols
}

func classes(header []string, rows [][]string, cols []string) map[string][]int {
	idx := map[string]int{}
	for j, h := range header {
		idx[h] = j
	}
	out := map[string][]int{}
	for i, r := range rows {
		var k []string
		for _, c := range cols {
			k = append(k, r[idx[c]])
		}
		key := strings.Join(k, "\x1f")
		out[key] = append(out[key], i)
	}
	return out
}

func minClass(header []string, rows [][]string, cols []string) int {
	m := -1
	for _, c := range classes(header, rows, cols) {
		if m < 0 || len(c) < m {
			m = len(c)
		}
	}
	return m
}

func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// leaks returns the identifiers that occur as whole words (case and
// accents folded) in the data. Words are runs of letters and digits; an
// identifier of several words (a company, an email, an IP) must occur as
// the same run of words.
func leaks(data []byte, ids []string) []string {
	text := fold(string(data))
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWord(r) }) {
		words[w] = true
	}
	var hits []string
	for _, id := range ids {
		id = fold(strings.TrimSpace(id))
		parts := strings.FieldsFunc(id, func(r rune) bool { return !isWord(r) })
		if len(id) < 3 || len(parts) == 0 {
			continue
		}
		all := true
		for _, p := range parts {
			all = all && words[p]
		}
		if !all {
			continue
		}
		if len(parts) == 1 {
			hits = append(hits, id)
			continue
		}
		for off := 0; ; {
			k := strings.Index(text[off:], id)
			if k < 0 {
				break
			}
			a, b := off+k, off+k+len(id)
			before, after := ' ', ' '
			if a > 0 {
				before = rune(text[a-1])
			}
			if b < len(text) {
				after = rune(text[b])
			}
			if !isWord(before) && !isWord(after) {
				hits = append(hits, id)
				break
			}
			off = a + 1
		}
	}
	return hits
}

func identifiers(res *synth.Result) []string {
	ids := []string{canary, "Zanzibar", "Quockerwodger"}
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			ids = append(ids, s)
		}
	}
	for _, e := range res.Exports {
		for _, p := range e.Rows {
			for _, s := range []string{p.First, p.Last, p.Email, p.Company, p.Website, p.IP, p.ID, p.NetworkID} {
				add(s)
			}
			if at := strings.Index(p.Email, "@"); at > 0 {
				add(p.Email[:at])
				add(p.Email[at+1:])
			}
		}
	}
	return ids
}

func TestIdentifierLeakScan(t *testing.T) {
	f := load(t, 21)
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	ids := identifiers(f.res)
	if len(ids) < 5000 {
		t.Fatalf("only %d identifiers to scan for", len(ids))
	}
	for name, b := range files(t, r, f.kept) {
		if name == anonymize.DataXLSX {
			continue // zipped; its cells are the CSV's, checked below through the same rows
		}
		if hits := leaks(b, ids); len(hits) > 0 {
			t.Errorf("%s contains identifiers: %q", name, hits[:min(5, len(hits))])
		}
	}
	// Control: a planted name is found.
	first := f.res.Exports[4].Rows[3].Last
	b, _ := r.CSV()
	if hits := leaks(append(b, []byte("\n"+strings.ToUpper(first)+",x\n")...), ids); len(hits) == 0 {
		t.Errorf("control: planted name %q not found", first)
	}
}

func TestKAnonymityRecomputed(t *testing.T) {
	f := load(t, 22)
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.CSV()
	h, rows := readCSV(t, b)
	if m := minClass(h, rows, qiColumns(f.cfg)); m < f.cfg.K {
		t.Errorf("smallest class %d < k = %d", m, f.cfg.K)
	}
	// Control: k−1 identical rows form a class the checker rejects.
	extra := make([][]string, f.cfg.K-1)
	for i := range extra {
		row := append([]string(nil), rows[0]...)
		row[0] = "1999"
		extra[i] = row
	}
	if m := minClass(h, append(rows, extra...), qiColumns(f.cfg)); m != f.cfg.K-1 {
		t.Errorf("control: checker found smallest class %d, want %d", m, f.cfg.K-1)
	}
	// -k override raises the bar.
	cfg := *f.cfg
	cfg.K = 10
	r10, err := anonymize.Build(f.kept, f.cb, &cfg)
	if err == nil {
		b, _ := r10.CSV()
		h, rows := readCSV(t, b)
		if m := minClass(h, rows, qiColumns(&cfg)); m < 10 {
			t.Errorf("k=10: smallest class %d", m)
		}
	}
}

// generalize applies the published hierarchy (release.yaml and the chosen
// levels of the disclosure report) to a respondent's true values.
func generalize(cfg *anonymize.Config, levels []int, d *dataset.Dataset, i int) []string {
	out := []string{fmt.Sprint(d.Year[i])}
	for j, q := range cfg.QuasiIdentifiers {
		var v string
		if q.Bands != nil {
			v = q.Bands.Label(d.Float(q.Variable, i))
		} else {
			v, _ = d.Level(q.Variable, i)
		}
		switch {
		case levels[j] >= len(q.Levels)+1:
			v = anonymize.Suppressed
		case v != "":
			for l := 0; l < levels[j]; l++ {
				v = q.Levels[l][v]
			}
		}
		out = append(out, v)
	}
	return out
}

func TestProsecutorLinkage(t *testing.T) {
	f := load(t, 23)
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.CSV()
	h, rows := readCSV(t, b)
	cls := classes(h, rows, qiColumns(f.cfg))
	worst, unique, linked := 0.0, 0, 0
	for i := 0; i < f.kept.Len(); i++ {
		c := len(cls[strings.Join(generalize(f.cfg, r.Levels, f.kept, i), "\x1f")])
		if c == 0 {
			continue // suppressed
		}
		linked++
		worst = max(worst, 1/float64(c))
		if c == 1 {
			unique++
		}
	}
	if linked < f.kept.Len()*95/100 || worst > 1/float64(f.cfg.K) || unique > 0 {
		t.Errorf("linkage: %d linked, max success %.3f (bound %.3f), %d unique", linked, worst, 1/float64(f.cfg.K), unique)
	}
	// Control: the same attack on raw quasi-identifiers finds most respondents unique.
	raw := map[string]int{}
	key := func(i int) string {
		return fmt.Sprint(f.kept.Year[i], f.kept.Float("company_stage", i), f.kept.Float("arr_band", i), f.kept.Float("hq_region", i),
			f.kept.Float("headcount_total", i), f.kept.Float("company_category", i))
	}
	for i := 0; i < f.kept.Len(); i++ {
		raw[key(i)]++
	}
	u := 0
	for i := 0; i < f.kept.Len(); i++ {
		if raw[key(i)] == 1 {
			u++
		}
	}
	if u < f.kept.Len()*8/10 {
		t.Errorf("control: only %d of %d unique on raw quasi-identifiers", u, f.kept.Len())
	}
}

func TestLDiversity(t *testing.T) {
	f := load(t, 24)
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.CSV()
	h, rows := readCSV(t, b)
	check := func(rows [][]string) []string {
		var bad []string
		qi := len(qiColumns(f.cfg))
		for _, members := range classes(h, rows, qiColumns(f.cfg)) {
			for j := qi; j < len(h); j++ {
				counts := map[string]int{}
				n := 0
				for _, i := range members {
					if v := rows[i][j]; v != "" && v != anonymize.Suppressed {
						counts[v]++
						n++
					}
				}
				if n == 0 {
					continue
				}
				need := f.cfg.L
				if v := f.cb.Var(h[j]); v.Type != codebook.TypeMulti {
					k := len(v.Levels)
					if bb := f.cfg.SensitiveBands[h[j]]; bb != nil {
						k = len(bb.Labels)
					}
					need = min(need, k)
				}
				m := 0
				for _, c := range counts {
					m = max(m, c)
				}
				if len(counts) < need || float64(m) > f.cfg.MaxModalShare*float64(n) {
					bad = append(bad, h[j])
				}
			}
		}
		return bad
	}
	if bad := check(rows); len(bad) > 0 {
		t.Errorf("classes fail l-diversity or homogeneity in %v", bad[:min(5, len(bad))])
	}
	// Control: make one class share a single win-rate band.
	j := 0
	for k, c := range h {
		if c == "win_rate_pct" {
			j = k
		}
	}
	members := classes(h, rows, qiColumns(f.cfg))[strings.Join(rows[len(rows)-1][:len(qiColumns(f.cfg))], "\x1f")]
	bad := make([][]string, len(rows))
	for i := range rows {
		bad[i] = append([]string(nil), rows[i]...)
	}
	for _, i := range members {
		bad[i][j] = "20–30%"
	}
	if len(check(bad)) == 0 {
		t.Error("control: a class sharing one band passed")
	}
}

var dateLike = regexp.MustCompile(`\b(19|20)\d\d-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{4}\b|\b1[5-9]\d{8}\b|T\d\d:\d\d`)

func TestNoOrderOrTimeLeak(t *testing.T) {
	f := load(t, 25)
	r1, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Permute the input rows and shift every timestamp.
	perm := rand.New(rand.NewPCG(1, 2)).Perm(f.kept.Len())
	pos := make([]int, len(perm))
	for k, i := range perm {
		pos[i] = k
	}
	shuffled := f.kept.Subset(func(int) bool { return true })
	for _, name := range shuffled.Names {
		c := shuffled.Col(name)
		if c.Kind == dataset.Text {
			old := append([]string(nil), c.Text...)
			for i := range old {
				c.Text[pos[i]] = old[i]
			}
		} else {
			old := append([]float64(nil), c.Num...)
			for i := range old {
				v := old[i]
				if c.Time {
					v += 86400 * 3
				}
				c.Num[pos[i]] = v
			}
		}
	}
	oldYear := append([]int(nil), shuffled.Year...)
	for i := range oldYear {
		shuffled.Year[pos[i]] = oldYear[i]
	}
	r2, err := anonymize.Build(shuffled, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, b := files(t, r1, f.kept), files(t, r2, shuffled)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs after permuting input rows and shifting timestamps", name)
		}
	}
	if m := dateLike.Find(a[anonymize.DataCSV]); m != nil {
		t.Errorf("date-like cell %q in the public CSV", m)
	}
	// Control: without the canonical sort (rows in class order of the input) the bytes differ.
	unsorted := func(r *anonymize.Release, d *dataset.Dataset) []byte {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		for i := 0; i < d.Len(); i++ {
			w.Write([]string{fmt.Sprint(d.Year[i]), fmt.Sprint(d.Float("win_rate_pct", i))})
		}
		w.Flush()
		return buf.Bytes()
	}
	if bytes.Equal(unsorted(r1, f.kept), unsorted(r2, shuffled)) {
		t.Error("control: an unsorted release did not reveal the input order")
	}
}

// TestCrossYearLinkage: a synthetic panel of respondents who answered in
// 2025 and again in 2026 (same company, new answers) cannot be linked across
// years beyond 1/k; a release with a stable pseudonym links them all.
func TestCrossYearLinkage(t *testing.T) {
	f := load(t, 26)
	d := f.kept
	var y25, y26 []int
	for i := 0; i < d.Len(); i++ {
		switch d.Year[i] {
		case 2025:
			y25 = append(y25, i)
		case 2026:
			y26 = append(y26, i)
		}
	}
	// Panel: the first 2026 respondents take the quasi-identifiers of 2025 respondents.
	n := min(len(y25), len(y26), 200)
	for _, q := range f.cfg.QuasiIdentifiers {
		c := d.Col(q.Variable)
		for k := 0; k < n; k++ {
			c.Num[y26[k]] = c.Num[y25[k]]
		}
	}
	r, err := anonymize.Build(d, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.CSV()
	h, rows := readCSV(t, b)
	by := classes(h, rows, qiColumns(f.cfg))
	uniq := 0
	for k := 0; k < n; k++ {
		g := generalize(f.cfg, r.Levels, d, y26[k])
		if len(by[strings.Join(g, "\x1f")]) == 1 {
			uniq++
		}
	}
	if float64(uniq) > float64(n)/float64(f.cfg.K) {
		t.Errorf("%d of %d panel respondents uniquely linked across years", uniq, n)
	}
	// Control: a stable pseudonym (here the source response id) links every panel pair.
	ids := map[string]int{}
	for k := 0; k < n; k++ {
		ids[d.ID[y25[k]]]++
		d.ID[y26[k]] = d.ID[y25[k]]
		ids[d.ID[y26[k]]]++
	}
	linked := 0
	for _, c := range ids {
		if c == 2 {
			linked++
		}
	}
	if linked != n {
		t.Errorf("control: pseudonym linked %d of %d", linked, n)
	}
}

func TestConclusionsDoNotFlip(t *testing.T) {
	f := load(t, 27)
	r, err := anonymize.Build(f.kept, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.CSV()
	h, rows := readCSV(t, b)
	for _, hl := range anonymize.Headlines(f.kept, anonymize.NewTable(h, rows), f.cfg) {
		if !hl.SameDirection() || !hl.SameSignificance(0.05) {
			t.Errorf("%s flips: private %.3f (p %.3g), public %.3f (p %.3g)", hl.ID, hl.Private, hl.PrivateP, hl.Public, hl.PublicP)
		}
	}
	// Control: shuffle the released win-rate column; H1's conclusion flips.
	j := 0
	for k, c := range h {
		if c == "win_rate_pct" {
			j = k
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	rng.Shuffle(len(rows), func(a, b int) { rows[a][j], rows[b][j] = rows[b][j], rows[a][j] })
	hl := anonymize.Headlines(f.kept, anonymize.NewTable(h, rows), f.cfg)[0]
	if hl.SameSignificance(0.05) && hl.SameDirection() && hl.PublicP < 0.05 {
		t.Errorf("control: a shuffled win-rate column kept H1's conclusion (public delta %.3f, p %.3g)", hl.Public, hl.PublicP)
	}
}

func TestConfigErrors(t *testing.T) {
	f := load(t, 28)
	base, _ := os.ReadFile("../../data/release.yaml")
	tests := []struct {
		name, old, new, want string
	}{
		{"free text released", "sensitive_bands:\n", "sensitive_bands:\n  comments: {edges: [1], labels: [a, b]}\n", "not a numeric sensitive variable"},
		{"quasi-identifier with no hierarchy", "  role: \"respondent's job", "  not_role: \"x", "quasi-identifier role has no hierarchy"},
		{"hierarchy not covering a value", "Series A: A, ", "", `does not cover "Series A"`},
		{"sensitive number without bands", "  sentiment: {edges: [4, 7], labels: [\"1–3\", \"4–6\", \"7–10\"]}\n", "", "sensitive number sentiment has no bands"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := strings.Replace(string(base), tc.old, tc.new, 1)
			if s == string(base) {
				t.Fatalf("the edit did not apply")
			}
			_, err := anonymize.ParseConfig([]byte(s), f.cb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// A codebook variable with no role is refused when the codebook loads.
	cbBytes, _ := os.ReadFile("../../data/codebook.yaml")
	bad := strings.Replace(string(cbBytes), "role: free_text", "role: \"\"", 1)
	if _, err := codebook.Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), "no valid role") {
		t.Errorf("codebook without a role: %v", err)
	}
}

// FuzzRelease: small random datasets whose text columns carry canaries
// never leak a canary into any public file, and k holds in the CSV.
func FuzzRelease(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 99} {
		f.Add(s, uint8(40))
	}
	fx := load(f, 30)
	f.Fuzz(func(t *testing.T, seed uint64, size uint8) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := int(size)%120 + 1
		d := fx.kept.Subset(func(i int) bool { return rng.IntN(fx.kept.Len()) < n })
		for _, name := range d.Names {
			if c := d.Col(name); c.Kind == dataset.Text {
				for i := range c.Text {
					c.Text[i] = fmt.Sprintf("canary%dx%d", seed, i)
				}
			}
		}
		r, err := anonymize.Build(d, fx.cb, fx.cfg)
		if err != nil {
			return // no node reaches k within the cap: nothing is released
		}
		for name, b := range files(t, r, d) {
			if name != anonymize.DataXLSX && bytes.Contains(b, []byte("canary")) {
				t.Fatalf("%s leaks a canary", name)
			}
		}
		b, _ := r.CSV()
		h, rows := readCSV(t, b)
		if m := minClass(h, rows, qiColumns(fx.cfg)); len(rows) > 0 && m < fx.cfg.K {
			t.Fatalf("smallest class %d < k", m)
		}
	})
}

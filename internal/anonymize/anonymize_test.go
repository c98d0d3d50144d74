package anonymize_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// --- k, recomputed from the written CSVs ---

func classSizes(fl file, cols []string) map[string]int {
	out := map[string]int{}
	for _, r := range fl.rows {
		var k []string
		for _, c := range cols {
			k = append(k, r[fl.col[c]])
		}
		out[strings.Join(k, "\x1f")]++
	}
	return out
}

func minOf(m map[string]int) int {
	min := -1
	for _, n := range m {
		if min < 0 || n < min {
			min = n
		}
	}
	return min
}

func declared(fl file) []string { return append([]string{"year"}, fl.spec.QuasiIdentifiers...) }

func TestKAnonymityRecomputed(t *testing.T) {
	t.Parallel()
	f := load(t, 22)
	_, fls := written(t, build(t, f), f.cb)
	for _, fl := range fls {
		if m := minOf(classSizes(fl, declared(fl))); m < f.cfg.K {
			t.Errorf("%s: smallest class %d < k = %d", fl.name, m, f.cfg.K)
		}
	}
	// Control: k−1 identical rows form a class the checker rejects.
	fl := fls[0]
	for i := 0; i < f.cfg.K-1; i++ {
		row := append([]string(nil), fl.rows[0]...)
		row[0] = "1999"
		fl.rows = append(fl.rows, row)
	}
	if m := minOf(classSizes(fl, declared(fl))); m != f.cfg.K-1 {
		t.Errorf("control: checker found smallest class %d, want %d", m, f.cfg.K-1)
	}
}

// --- attacker models on the written files, each with a control that must fail ---

// identity returns the file an identity generalization would publish: every
// respondent in the extract's waves, quasi-identifiers at level 0 (raw: the
// numbers as answered), sensitive columns unsuppressed.
func identity(f fixture, fl file, x *anonymize.Extract, raw bool) file {
	levels := map[string]int{}
	for _, q := range fl.spec.QuasiIdentifiers {
		levels[q] = 0
	}
	out := newFile(fl.spec, fl.header, nil, levels)
	for i := 0; i < f.kept.Len(); i++ {
		if !inFile(fl.spec, f.kept.Year[i]) {
			continue
		}
		row := x.TrueRow(f.kept, i)
		for _, q := range fl.spec.QuasiIdentifiers {
			row[fl.col[q]] = generalize(f.cfg, f.cb, f.kept, q, 0, i)
			if h := f.cfg.Hierarchy(q); raw && h.Bands != nil {
				row[fl.col[q]] = fmt.Sprint(f.kept.Float(q, i))
			}
		}
		out.rows = append(out.rows, row)
	}
	return out
}

// rawAttack runs a model on a raw file, the attacker knowing raw values.
func rawAttack(f fixture, fl file, cols []string) outcome {
	var o outcome
	counts := map[string]int{}
	key := func(r []string) string {
		var k []string
		for _, c := range cols {
			k = append(k, r[fl.col[c]])
		}
		return strings.Join(k, "\x00")
	}
	for _, r := range fl.rows {
		counts[key(r)]++
	}
	for _, r := range fl.rows {
		n := counts[key(r)]
		o.targets++
		if n == 1 {
			o.unique++
		}
		if o.min == 0 || n < o.min {
			o.min = n
		}
	}
	return o
}

func TestDeclaredModel(t *testing.T) {
	t.Parallel()
	f := load(t, 23)
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	for _, fl := range fls {
		x := r.Extract(fl.name)
		o := attack(f, fl, x, declared(fl))
		if !o.pass(f.cfg.K) || o.missing > (o.targets+o.missing)/20+1 {
			t.Errorf("%s: declared model: %d targets, %d singled out, fewest candidates %d, %d not in the file", fl.name, o.targets, o.unique, o.min, o.missing)
		}
	}
	// Controls: the raw data and the identity generalization single people out.
	fl := fls[indexOf(fls, "theme-company")]
	x := r.Extract(fl.name)
	if o := rawAttack(f, identity(f, fl, x, true), declared(fl)); o.pass(f.cfg.K) {
		t.Errorf("control: raw data passed the declared model (%d singled out of %d)", o.unique, o.targets)
	}
	if o := attack(f, identity(f, fl, x, false), x, declared(fl)); o.pass(f.cfg.K) {
		t.Errorf("control: the identity generalization passed the declared model (%d singled out of %d)", o.unique, o.targets)
	}
}

func indexOf(fls []file, name string) int {
	for i, fl := range fls {
		if fl.name == name {
			return i
		}
	}
	panic("no extract " + name)
}

// companyKnown lists what a colleague, investor or competitor can know of a
// company, written here independently of the codebook's roles.
var companyKnown = []string{"role", "company_stage", "arr_band", "arr_band_coarse", "company_category", "customer_segment", "hq_region",
	"acv_band", "gtm_motion", "headcount_total", "hc_sales_marketing", "hc_sdr", "hc_ae", "hc_se", "hc_marketing", "hc_cs",
	"sdr_hc_change_12m", "sdr_model", "ai_adoption", "ai_gtm_use_cases", "ai_gtm_budget_share", "layoffs"}

func TestColleagueModel(t *testing.T) {
	t.Parallel()
	f := load(t, 24)
	for _, name := range companyKnown {
		if v := f.cb.Var(name); v == nil || v.Role != codebook.RoleQuasi {
			t.Errorf("%s: a company attribute must have role quasi_identifier", name)
		}
	}
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	known := func(fl file) []string {
		cols := []string{"year"}
		for _, c := range fl.header {
			for _, k := range companyKnown {
				if c == k {
					cols = append(cols, c)
				}
			}
		}
		return cols
	}
	for _, fl := range fls {
		if o := attack(f, fl, r.Extract(fl.name), known(fl)); !o.pass(f.cfg.K) {
			t.Errorf("%s: colleague model: %d singled out, fewest candidates %d", fl.name, o.unique, o.min)
		}
	}
	fl := fls[indexOf(fls, "theme-sales")]
	if o := rawAttack(f, identity(f, fl, r.Extract(fl.name), true), known(fl)); o.pass(f.cfg.K) {
		t.Errorf("control: the raw file passed the colleague model")
	}
}

func TestAnyTwoColumns(t *testing.T) {
	t.Parallel()
	f := load(t, 25)
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	controlFailed := 0
	for _, fl := range fls {
		x := r.Extract(fl.name)
		id := identity(f, fl, x, false)
		for a := 1; a < len(fl.header); a++ {
			for b := a; b < len(fl.header); b++ {
				cols := []string{"year", fl.header[a]}
				if b != a {
					cols = append(cols, fl.header[b])
				}
				if o := attack(f, fl, x, cols); !o.pass(f.cfg.K) {
					t.Errorf("%s: knowing %v: %d singled out, fewest candidates %d", fl.name, cols, o.unique, o.min)
				}
				if o := attack(f, id, x, cols); !o.pass(f.cfg.K) {
					controlFailed++
				}
			}
		}
	}
	if controlFailed == 0 {
		t.Error("control: the identity generalization without cell suppression passed every pair")
	}
}

// TestCrossYearPanel: companies that answered in several waves with
// drifting firmographics (truth.json) cannot be linked from one wave to the
// next beyond 1/k; the raw file and a stable pseudonym link them.
func TestCrossYearPanel(t *testing.T) {
	t.Parallel()
	f := load(t, 26)
	if len(f.panel) < 100 {
		t.Fatalf("truth.json lists %d repeat companies", len(f.panel))
	}
	byEmail := map[string]map[int]int{}
	for i := 0; i < f.kept.Len(); i++ {
		e := f.kept.Col("email").Text[i]
		if byEmail[e] == nil {
			byEmail[e] = map[int]int{}
		}
		byEmail[e][f.kept.Year[i]] = i
	}
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	for _, fl := range fls {
		x := r.Extract(fl.name)
		links, unique, worst := panelLinks(f, fl, x, byEmail, false)
		if unique > 0 || worst > 1/float64(f.cfg.K)+1e-9 {
			t.Errorf("%s: %d panel pairs, %d linked uniquely, largest success %.3f", fl.name, links, unique, worst)
		}
	}
	fl := fls[indexOf(fls, "theme-company")]
	x := r.Extract(fl.name)
	links, unique, _ := panelLinks(f, identity(f, fl, x, false), x, byEmail, false)
	if links < 100 || unique < 10 {
		t.Errorf("control: the identity generalization linked only %d of %d panel pairs uniquely", unique, links)
	}
	// A stable pseudonym (here the email) links every pair.
	ids := map[string]int{}
	for _, c := range f.panel {
		for _, y := range c.Years {
			if _, ok := byEmail[c.Email][y]; ok {
				ids[c.Email]++
			}
		}
	}
	linked := 0
	for _, n := range ids {
		if n >= 2 {
			linked++
		}
	}
	if linked < 100 {
		t.Errorf("control: a pseudonym linked only %d companies", linked)
	}
}

// panelLinks: for each repeat company and consecutive waves both in the
// file, the attacker takes the earlier wave's quasi-identifiers and looks
// for them in the later wave; success is 1/candidates when the company's
// later row is among them.
func panelLinks(f fixture, fl file, x *anonymize.Extract, byEmail map[string]map[int]int, raw bool) (links, unique int, worst float64) {
	cols := declared(fl)
	profileOf := func(i int) []string {
		p := profile(f, fl, x, cols, i)
		if raw {
			for k, c := range cols {
				if h := f.cfg.Hierarchy(c); h != nil && h.Bands != nil {
					p[k] = fmt.Sprint(f.kept.Float(c, i))
				}
			}
		}
		return p
	}
	for _, c := range f.panel {
		for k := 1; k < len(c.Years); k++ {
			a, okA := byEmail[c.Email][c.Years[k-1]]
			b, okB := byEmail[c.Email][c.Years[k]]
			if !okA || !okB || !inFile(fl.spec, c.Years[k-1]) || !inFile(fl.spec, c.Years[k]) {
				continue
			}
			pa, pb := profileOf(a), profileOf(b)
			pa[0] = pb[0]
			links++
			if strings.Join(pa, "\x00") != strings.Join(pb, "\x00") {
				continue // drifted out of its class: the attacker finds others
			}
			n := candidates(fl, cols, pa)
			if n == 0 {
				continue
			}
			if n == 1 {
				unique++
			}
			worst = max(worst, 1/float64(n))
		}
	}
	return links, unique, worst
}

// TestSuccessiveReleases: last year's release (waves to 2025) and this
// year's with the pinned levels intersect in classes of at least k; two
// releases with different generalizations do not.
func TestSuccessiveReleases(t *testing.T) {
	t.Parallel()
	f := load(t, 27)
	prevData := f.kept.Subset(func(i int) bool { return f.kept.Year[i] <= 2025 })
	prev, err := anonymize.Build(prevData, f.cb, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, err := prev.Files(f.cb)
	if err != nil {
		t.Fatal(err)
	}
	g, err := anonymize.ParseGeneralization(files[anonymize.GeneralizationFile])
	if err != nil {
		t.Fatal(err)
	}
	pinned := *f.cfg
	pinned.Pinned = g.Pinned
	cur, err := anonymize.Build(f.kept, f.cb, &pinned)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cur.Extracts {
		for j, q := range x.Spec.QuasiIdentifiers {
			if x.Levels[j] < g.Pinned[x.Spec.Name][q] {
				t.Errorf("%s: %s level %d below the pinned %d", x.Spec.Name, q, x.Levels[j], g.Pinned[x.Spec.Name][q])
			}
		}
		in, err := x.Intersect(f.kept, f.cfg.K, g.Pinned[x.Spec.Name], g.Years[x.Spec.Name])
		if err != nil {
			t.Fatal(err)
		}
		if in.Common > 0 && in.MinGroup < f.cfg.K {
			t.Errorf("%s: intersection leaves a group of %d (%d respondents below k)", x.Spec.Name, in.MinGroup, in.Below)
		}
	}
	// Control: a previous release generalizing differently (stage
	// suppressed, size coarsened, so region and category stay finer)
	// intersects into groups below k.
	other := *f.cfg
	other.Pinned = map[string]map[string]int{"theme-company": {"company_stage": 3, "headcount_total": 2}}
	alt, err := anonymize.Build(prevData, f.cb, &other)
	if err != nil {
		t.Fatal(err)
	}
	ga := alt.Generalization()
	x := cur.Extract("theme-company")
	in, err := x.Intersect(f.kept, f.cfg.K, ga.Pinned["theme-company"], ga.Years["theme-company"])
	if err != nil {
		t.Fatal(err)
	}
	if in.MinGroup >= f.cfg.K {
		t.Errorf("control: releases with levels %v and %v intersect in groups of at least %d", ga.Pinned["theme-company"], x.Levels, in.MinGroup)
	}
}

// --- sensitive columns ---

func TestLDiversityPerColumnAndOption(t *testing.T) {
	t.Parallel()
	f := load(t, 28)
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	check := func(fl file) []string {
		var bad []string
		for key := range classSizes(fl, declared(fl)) {
			var members [][]string
			for _, row := range fl.rows {
				var k []string
				for _, c := range declared(fl) {
					k = append(k, row[fl.col[c]])
				}
				if strings.Join(k, "\x1f") == key {
					members = append(members, row)
				}
			}
			for j := 1 + len(fl.spec.QuasiIdentifiers); j < len(fl.header); j++ {
				if fails(f, fl.header[j], members, j) {
					bad = append(bad, fl.header[j])
				}
			}
		}
		return bad
	}
	for _, fl := range fls {
		if bad := check(fl); len(bad) > 0 {
			t.Errorf("%s: classes fail l-diversity or the modal-share cap in %v", fl.name, bad[:min(5, len(bad))])
		}
	}
	// Control: make one class share a single win-rate band.
	fl := fls[indexOf(fls, "h1-augmented-reps")]
	j := fl.col["win_rate_pct"]
	first := fl.rows[0][:1+len(fl.spec.QuasiIdentifiers)]
	for _, row := range fl.rows {
		if slicesEqual(row[:len(first)], first) {
			row[j] = "20–30%"
		}
	}
	if len(check(fl)) == 0 {
		t.Error("control: a class sharing one band passed")
	}
	// The run's own recount agrees: zero on the release, not on the control.
	x := r.Extract("h1-augmented-reps")
	if n := x.Attack(f.kept, f.cb, nil).DiversityFailures; n != 0 {
		t.Errorf("the run counts %d failing classes on the release", n)
	}
	rows := x.Rows()
	for _, row := range rows {
		if slicesEqual(row[:len(first)], first) {
			row[j] = "20–30%"
		}
	}
	x.SetRows(rows)
	if n := x.Attack(f.kept, f.cb, nil).DiversityFailures; n == 0 {
		t.Error("control: the run's recount passed a class sharing one band")
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// fails is the test's own ℓ-diversity and homogeneity rule.
func fails(f fixture, col string, members [][]string, j int) bool {
	counts := map[string]int{}
	n := 0
	for _, row := range members {
		if v := row[j]; v != "" && v != anonymize.Suppressed && v != anonymize.NotAsked {
			counts[v]++
			n++
		}
	}
	if n == 0 {
		return false
	}
	if strings.Contains(col, "__") { // a multi-select option: neither unanimous nor above the cap chosen
		yes := counts[anonymize.Chosen]
		return yes == 0 || yes == n || float64(yes) > f.cfg.MaxModalShare*float64(n)
	}
	need := f.cfg.L
	if b := f.cfg.SensitiveBands[col]; b != nil {
		need = min(need, len(b.Labels))
	} else {
		need = min(need, len(f.cb.Var(col).Levels))
	}
	m := 0
	for _, c := range counts {
		m = max(m, c)
	}
	return len(counts) < need || float64(m) > f.cfg.MaxModalShare*float64(n)
}

// TestSuppressionSticks: a suppressed cell is never readable from a related
// column of the same row (derived variables, configured groups, the other
// options of a multi-select).
func TestSuppressionSticks(t *testing.T) {
	t.Parallel()
	f := load(t, 29)
	r := build(t, f)
	_, fls := written(t, r, f.cb)
	related := map[string][]string{
		"sales_cycle_days":      {"sales_cycle_days_prev"},
		"sales_cycle_days_prev": {"sales_cycle_days"},
	}
	check := func(fl file) int {
		bad := 0
		for _, row := range fl.rows {
			for j, c := range fl.header {
				if row[j] != anonymize.Suppressed {
					continue
				}
				for j2, c2 := range fl.header {
					sameMulti := strings.Contains(c, "__") && strings.SplitN(c, "__", 2)[0] == strings.SplitN(c2, "__", 2)[0]
					rel := sameMulti
					for _, o := range related[c] {
						rel = rel || o == c2
					}
					if rel && row[j2] != anonymize.Suppressed && row[j2] != anonymize.NotAsked {
						bad++
					}
				}
			}
		}
		return bad
	}
	suppressed := 0
	for _, fl := range fls {
		if n := check(fl); n > 0 {
			t.Errorf("%s: %d suppressed cells readable from a related column", fl.name, n)
		}
		for _, row := range fl.rows {
			for _, v := range row {
				if v == anonymize.Suppressed {
					suppressed++
				}
			}
		}
	}
	if suppressed == 0 {
		t.Fatal("nothing suppressed: the test checks nothing")
	}
	// Control: un-suppress one related cell.
	fl := fls[indexOf(fls, "theme-sales")]
	a, b := fl.col["sales_cycle_days"], fl.col["sales_cycle_days_prev"]
	for _, row := range fl.rows {
		if row[a] == anonymize.Suppressed && row[b] == anonymize.Suppressed {
			row[b] = "30–60 days"
			break
		}
	}
	if check(fl) == 0 {
		t.Error("control: a readable related cell passed")
	}
	// The codebook derivation is related automatically.
	if got := f.cfg.RelatedTo("sales_cycle_direction"); len(got) == 0 || got[0] != "sales_cycle_change_12m" {
		t.Errorf("sales_cycle_direction related to %v, want the variable it derives from", got)
	}
}

// --- identifiers, order, time ---

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
// accents folded) in the data.
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
		if len(parts) == 1 || regexp.MustCompile(`(^|[^\pL\pN])`+regexp.QuoteMeta(id)+`($|[^\pL\pN])`).MatchString(text) {
			hits = append(hits, id)
		}
	}
	return hits
}

func identifiers(f fixture) []string {
	ids := []string{canary, "Zanzibar", "Quockerwodger"}
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			ids = append(ids, s)
		}
	}
	for _, e := range f.res.Exports {
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
	t.Parallel()
	f := load(t, 21)
	r := build(t, f)
	files, _ := written(t, r, f.cb)
	files[anonymize.Disclosure] = r.Report(anonymize.ReportInput{})
	ids := identifiers(f)
	if len(ids) < 5000 {
		t.Fatalf("only %d identifiers to scan for", len(ids))
	}
	for name, b := range files {
		if name == anonymize.DataXLSX {
			continue // zipped; its cells are the CSVs', read back in TestXLSX
		}
		if hits := leaks(b, ids); len(hits) > 0 {
			t.Errorf("%s contains identifiers: %q", name, hits[:min(5, len(hits))])
		}
	}
	last := f.res.Exports[4].Rows[3].Last
	if hits := leaks([]byte("x\n"+strings.ToUpper(last)+",x\n"), ids); len(hits) == 0 {
		t.Errorf("control: planted name %q not found", last)
	}
}

var dateLike = regexp.MustCompile(`\b(19|20)\d\d-\d\d-\d\d|\b\d{1,2}/\d{1,2}/\d{4}\b|\b1[5-9]\d{8}\b|T\d\d:\d\d`)

func TestNoOrderOrTimeLeak(t *testing.T) {
	t.Parallel()
	f := load(t, 30)
	a, _ := written(t, build(t, f), f.cb)
	perm := rand.New(rand.NewPCG(1, 2)).Perm(f.kept.Len())
	shuffled := permute(f.kept, perm)
	g := f
	g.kept = shuffled
	b, _ := written(t, build(t, g), f.cb)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs after permuting input rows and shifting timestamps", name)
		}
		if m := dateLike.Find(a[name]); m != nil && name != anonymize.DataXLSX {
			t.Errorf("date-like cell %q in %s", m, name)
		}
	}
	// Control: rows written in input order differ between the two.
	unsorted := func(d *dataset.Dataset) []byte {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		for i := 0; i < d.Len(); i++ {
			w.Write([]string{fmt.Sprint(d.Year[i]), fmt.Sprint(d.Float("win_rate_pct", i))})
		}
		w.Flush()
		return buf.Bytes()
	}
	if bytes.Equal(unsorted(f.kept), unsorted(shuffled)) {
		t.Error("control: an unsorted release did not reveal the input order")
	}
}

// permute returns d with rows moved to perm's positions and every
// timestamp shifted by three days.
func permute(d *dataset.Dataset, perm []int) *dataset.Dataset {
	pos := make([]int, len(perm))
	for k, i := range perm {
		pos[i] = k
	}
	s := d.Subset(func(int) bool { return true })
	for _, name := range s.Names {
		c := s.Col(name)
		if c.Kind == dataset.Text {
			old := append([]string(nil), c.Text...)
			for i := range old {
				c.Text[pos[i]] = old[i]
			}
			continue
		}
		old := append([]float64(nil), c.Num...)
		for i, v := range old {
			if c.Time {
				v += 86400 * 3
			}
			c.Num[pos[i]] = v
		}
	}
	old := append([]int(nil), s.Year...)
	for i := range old {
		s.Year[pos[i]] = old[i]
	}
	return s
}

// TestConclusionsDoNotFlip: each hypothesis extract gives its headline the
// same direction and significance as the private data.
func TestConclusionsDoNotFlip(t *testing.T) {
	t.Parallel()
	f := load(t, 31)
	r := build(t, f)
	for _, x := range r.Extracts {
		if x.Spec.Hypothesis == "" {
			continue
		}
		h, ok := anonymize.HeadlineFor(f.kept, x.HeadlineTable(), f.cfg, x.Spec.Hypothesis)
		if !ok {
			t.Fatalf("%s: no headline for %s", x.Spec.Name, x.Spec.Hypothesis)
		}
		if !h.SameDirection() || !h.SameSignificance(0.05) {
			t.Errorf("%s flips: private %.3f (p %.3g), public %.3f (p %.3g)", h.ID, h.Private, h.PrivateP, h.Public, h.PublicP)
		}
	}
	// Control: shuffle the released win-rate column of H1's extract.
	x := r.Extract("h1-augmented-reps")
	j := 0
	for k, c := range x.Header {
		if c == "win_rate_pct" {
			j = k
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	rows := x.Rows()
	rng.Shuffle(len(rows), func(a, b int) { rows[a][j], rows[b][j] = rows[b][j], rows[a][j] })
	x.SetRows(rows)
	h, _ := anonymize.HeadlineFor(f.kept, x.HeadlineTable(), f.cfg, "H1")
	if h.SameSignificance(0.05) && h.SameDirection() && h.PublicP < 0.05 {
		t.Errorf("control: a shuffled win-rate column kept H1's conclusion (public delta %.3f, p %.3g)", h.Public, h.PublicP)
	}
}

// --- configuration ---

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	f := load(t, 32)
	base := f.res.Files["release.yaml"]
	tests := []struct {
		name, old, new, want string
	}{
		{"free text released", "sensitive_bands:\n", "sensitive_bands:\n  comments: {edges: [1], labels: [a, b]}\n", "not a numeric sensitive variable"},
		{"quasi-identifier neither released nor dropped", "  role: \"respondent's job", "  not_role: \"x", "quasi-identifier role is in no extract"},
		{"hierarchy not covering a value", "Series A: A, ", "", `does not cover "Series A"`},
		{"sensitive number without bands", "  sentiment: {edges: [4, 7], labels: [\"1–3\", \"4–6\", \"7–10\"]}\n", "", "sensitive number sentiment has no bands"},
		{"formula label", `"1–3", "4–6"`, `"=1+2", "4–6"`, "starts with \"=\""},
		{"minus label", `"1–3", "4–6"`, `"-1", "4–6"`, "starts with \"-\""},
		{"at label", "Pre-A: Pre-B or bootstrapped", "Pre-A: \"@Pre-B\"", "starts with \"@\""},
		{"tab label", "Bootstrapped: Bootstrapped}", "Bootstrapped: \"\\tBootstrapped\"}", "starts with"},
		{"extracts joinable", "sensitive: [ndr_pct]}", "sensitive: [ndr_pct, win_rate_pct]}\n  - {name: x-join, quasi_identifiers: [company_stage, customer_segment], sensitive: [ndr_pct]}", "share 3 variables"},
		{"sensitive variable as quasi-identifier", "quasi_identifiers: [sdr_model]", "quasi_identifiers: [win_rate_pct]", "has no hierarchy"},
		{"extract name not a sheet name", "name: theme-cash,", "name: theme-cash-and-runway-and-more-words,", "1 to 31 characters"},
		{"pinned unknown extract", "drop:\n", "pinned: {nope: {company_stage: 1}}\ndrop:\n", `"nope" is not an extract`},
		{"pinned level out of range", "drop:\n", "pinned: {theme-cash: {company_stage: 9}}\ndrop:\n", "outside 0..3"},
		{"k below the floor", "k: 5\n", "k: 4\n", "k = 4 below 5 is weaker than the policy"},
		{"l below the floor", "l: 3\n", "l: 2\n", "l = 2 below 3 is weaker than the policy"},
		{"modal share above the floor", "max_modal_share: 0.6\n", "max_modal_share: 0.7\n", "max_modal_share = 0.7 above 0.6"},
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
	weak := strings.Replace(string(base), "k: 5\n", "k: 4\nweaker_than_policy: \"a pilot\n  shared with the board only\"\n", 1)
	wc, err := anonymize.ParseConfig([]byte(weak), f.cb)
	if err != nil {
		t.Fatalf("a weaker k with a reason: %v", err)
	}
	if rep := string(build(t, fixture{cb: f.cb, cfg: wc, kept: f.kept}).Report(anonymize.ReportInput{})); !strings.HasPrefix(rep, "# Disclosure report\n\n**Weaker than policy** (k >= 5, l >= 3, modal share <= 0.6): a pilot shared with the board only\n") {
		t.Errorf("the report does not open with the reason:\n%.300s", rep)
	}
	cfg, err := anonymize.ParseConfig(base, f.cb)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.RaiseK(cfg.K - 1); err == nil {
		t.Error("-k below the config's k was accepted")
	}
	if err := cfg.RaiseK(cfg.K + 2); err != nil || cfg.K != cfg.ConfigK()+2 {
		t.Errorf("raising k: %v (k %d, config k %d)", err, cfg.K, cfg.ConfigK())
	}
	cbBytes := f.res.Files["codebook.yaml"]
	bad := strings.Replace(string(cbBytes), "role: free_text", "role: \"\"", 1)
	if _, err := codebook.Parse([]byte(bad)); err == nil || !strings.Contains(err.Error(), "no valid role") {
		t.Errorf("codebook without a role: %v", err)
	}
}

// FuzzRelease: small random datasets whose text columns carry canaries
// never leak a canary into any public file, and k holds in every CSV.
func FuzzRelease(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 99} {
		f.Add(s, uint8(200))
	}
	fx := load(f, 33)
	f.Fuzz(func(t *testing.T, seed uint64, size uint8) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := int(size)*4 + 1
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
		files, fls := written(t, r, fx.cb)
		for name, b := range files {
			if name != anonymize.DataXLSX && bytes.Contains(b, []byte("canary")) {
				t.Fatalf("%s leaks a canary", name)
			}
		}
		for _, fl := range fls {
			if m := minOf(classSizes(fl, declared(fl))); len(fl.rows) > 0 && m < fx.cfg.K {
				t.Fatalf("%s: smallest class %d < k", fl.name, m)
			}
		}
	})
}

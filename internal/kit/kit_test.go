package kit_test

import (
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/kittest"
	"github.com/gtmsurvey/gtmsurvey/internal/synth"
)

// TestReadRefusesAMismatch: an extract whose header is not the
// dictionary's, a missing file and a short dictionary row are errors that
// name the file.
func TestReadRefusesAMismatch(t *testing.T) {
	dict := "extract,column,variable,label,type,levels,years_asked,role,generalization\nx,year,year,Survey wave,integer,,2026,quasi_identifier,\nx,a,a,A,single,u | v,2026,sensitive,\n"
	gen := "k: 5\npinned:\n  x: {}\nyears:\n  x: [2026]\n"
	for _, c := range []struct{ name, dict, csv, want string }{
		{"header", dict, "year,b\n2026,u\n", `gtm-survey-x.csv: column 2 "b"`},
		{"columns", dict, "year\n2026\n", "gtm-survey-x.csv: 1 columns"},
		{"missing", dict, "", "no gtm-survey-x.csv"},
		{"empty", dict, "\n", "gtm-survey-x.csv: empty"},
		{"ragged row", dict, "year,a\n2026,u\n2026,v,w\n", "gtm-survey-x.csv: record on line 3: wrong number of fields"},
		{"bad quote", dict, "year,a\n2026,\"u\n", "gtm-survey-x.csv: parse error on line 2"},
		{"short row", dict + "x,b,b\n", "year,a\n2026,u\n", "data-dictionary.csv"},
	} {
		files := map[string][]byte{anonymize.Dictionary: []byte(c.dict), anonymize.GeneralizationFile: []byte(gen)}
		if c.name != "missing" {
			files[anonymize.CSVName("x")] = []byte(c.csv)
		}
		if _, err := kit.Read(files); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// TestReadKeepsEveryCell: the column-coded rows read back as the CSV's
// records, in order, quoted cells, repeats and empty cells included.
func TestReadKeepsEveryCell(t *testing.T) {
	dict := "extract,column,variable,label,type,levels,years_asked,role,generalization\n" +
		"x,year,year,Survey wave,integer,,2025 2026,quasi_identifier,\nx,a,a,A,single,u | v,2025 2026,sensitive,\n"
	gen := "k: 5\npinned:\n  x: {}\nyears:\n  x: [2025, 2026]\n"
	rows := [][]string{{"2026", "u"}, {"2025", "v, w"}, {"2026", ""}, {"2026", "*"}, {"2025", "u"}, {"2026", "v, w"}}
	csv := "year,a\n2026,u\n2025,\"v, w\"\n2026,\n2026,*\n2025,u\r\n2026,\"v, w\""
	files := map[string][]byte{anonymize.Dictionary: []byte(dict), anonymize.GeneralizationFile: []byte(gen), anonymize.CSVName("x"): []byte(csv)}
	p, err := kit.Read(files)
	if err != nil {
		t.Fatal(err)
	}
	x := p.Extracts[0]
	if x.Len() != len(rows) {
		t.Fatalf("Len = %d, want %d", x.Len(), len(rows))
	}
	var buf []string
	for i, want := range rows {
		buf = x.Row(i, buf)
		if !slices.Equal(buf, want) {
			t.Errorf("Row(%d) = %q, want %q", i, buf, want)
		}
		for j := range want {
			if got := x.Cell(i, j); got != want[j] {
				t.Errorf("Cell(%d, %d) = %q, want %q", i, j, got, want[j])
			}
		}
	}
	if ys := x.Years(); !slices.Equal(ys, []int{2025, 2026}) {
		t.Errorf("Years = %v, want [2025 2026]", ys)
	}
}

// TestReadmeCoversTheRelease: the README names every extract, gives every
// released variable's wording for every wave, names the licence of the
// config beside a LICENSE file; CITATION.cff parses as YAML with the same
// licence.
func TestReadmeCoversTheRelease(t *testing.T) {
	f := kittest.Get(t)
	readme := string(f.Kit.Files[kit.ReadmeFile])
	for _, x := range f.Kit.Public.Extracts {
		if !strings.Contains(readme, "| `"+x.Name+"` |") {
			t.Errorf("README lists no extract %s", x.Name)
		}
		for _, c := range x.Columns[1:] {
			sec := "### `" + c.Variable + "`"
			i := strings.Index(readme, sec)
			if i < 0 {
				t.Errorf("README has no wording for %s", c.Variable)
				continue
			}
			for _, w := range f.Survey.Res.Codebook.Waves {
				if !strings.Contains(readme[i:], "\n| "+itoa(w.Year)+" | ") {
					t.Errorf("README: %s has no wording for wave %d", c.Variable, w.Year)
				}
			}
		}
	}
	if f.Config.License == "" || !strings.Contains(string(f.Kit.Files[kit.LicenseFile]), "SPDX-License-Identifier: "+f.Config.License) ||
		!strings.Contains(readme, "licensed under "+f.Config.License) {
		t.Errorf("licence %q: LICENSE or README does not name it", f.Config.License)
	}
	var cff map[string]any
	if err := yaml.Unmarshal(f.Kit.Files[kit.CitationFile], &cff); err != nil || cff["license"] != f.Config.License || cff["cff-version"] != "1.2.0" {
		t.Errorf("CITATION.cff: %v, %v", cff, err)
	}
	for _, s := range anonymize.Licenses {
		if _, err := kit.Build(f.Public, kit.Meta{Config: withLicense(f.Config, s), Codebook: f.Survey.Res.Codebook}); err != nil {
			t.Errorf("licence %s: %v", s, err)
		}
	}
}

func withLicense(c *anonymize.Config, l string) *anonymize.Config {
	d := *c
	d.License = l
	return &d
}

// TestKitIsDeterministic: the same public files give the same kit bytes.
func TestKitIsDeterministic(t *testing.T) {
	f := kittest.Get(t)
	k, err := kit.Build(f.Public, kit.Meta{Config: f.Config, Codebook: f.Survey.Res.Codebook})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range f.Kit.Files {
		if string(k.Files[name]) != string(b) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestLicenseKey: release.yaml's license: must be one of anonymize.Licenses.
func TestLicenseKey(t *testing.T) {
	f := kittest.Get(t)
	base := string(synth.ReleaseConfig())
	if !strings.Contains(base, "license: CC-BY-4.0") {
		t.Fatal("the sample release.yaml names no licence")
	}
	if _, err := anonymize.ParseConfig([]byte(strings.Replace(base, "license: CC-BY-4.0", "license: MIT", 1)), f.Survey.Res.Codebook); err == nil || !strings.Contains(err.Error(), `license "MIT"`) {
		t.Errorf("license: MIT: err = %v, want refused", err)
	}
	if _, err := anonymize.ParseConfig([]byte(strings.Replace(base, "license: CC-BY-4.0", "license: ODC-By-1.0", 1)), f.Survey.Res.Codebook); err != nil {
		t.Errorf("license: ODC-By-1.0: %v", err)
	}
}

// TestGaps: a column all "*" in a wave is listed with the extract that
// shows the same variable; a wave with one shown cell is not.
func TestGaps(t *testing.T) {
	dict := "extract,column,variable,label,type,levels,years_asked,role,generalization\n" +
		"x,year,year,Survey wave,integer,,2025 2026,quasi_identifier,\nx,m,m,Motion,single,a | b,2025 2026,quasi_identifier,\n" +
		"y,year,year,Survey wave,integer,,2025 2026,quasi_identifier,\ny,m,m,Motion,single,a | b,2025 2026,quasi_identifier,\n"
	files := map[string][]byte{anonymize.Dictionary: []byte(dict),
		anonymize.GeneralizationFile: []byte("k: 5\npinned:\n  x: {}\nyears:\n  x: [2026]\n"),
		anonymize.CSVName("x"):       []byte("year,m\n2025,*\n2025,*\n2026,*\n2026,a\n"),
		anonymize.CSVName("y"):       []byte("year,m\n2025,a\n2025,b\n2026,*\n"),
	}
	p, err := kit.Read(files)
	if err != nil {
		t.Fatal(err)
	}
	gaps := kit.Gaps(p, []byte("variable,theme,year,level\nm,sales,2025,a\n"))
	if len(gaps) != 2 {
		t.Fatalf("gaps = %+v, want x.m in 2025 and y.m in 2026", gaps)
	}
	g := gaps[0]
	if g.Extract != "x" || len(g.Waves) != 1 || g.Waves[0] != 2025 || g.Whole || !g.QI || len(g.Instead) != 2 ||
		!strings.Contains(g.Instead[0], "extract `y` (waves 2025)") || !strings.Contains(g.Instead[1], "trends.csv") {
		t.Errorf("gap = %+v", g)
	}
	if g := gaps[1]; g.Extract != "y" || g.Waves[0] != 2026 || g.Whole || len(g.Instead) != 1 {
		t.Errorf("gap = %+v, want y.m in 2026, x as instead", g)
	}
	md := kit.GapsMarkdown(gaps, 5)
	if !strings.Contains(md, "| x | `m` | 2025 |") || !strings.Contains(md, "| y | `m` | 2026 |") {
		t.Errorf("markdown:\n%s", md)
	}
}

// TestEveryWhollySuppressedColumnIsExplained recounts, from the extracts'
// bytes, every column and wave whose cells are all "*", and finds each in
// the section the disclosure report and README carry, with a use-instead.
func TestEveryWhollySuppressedColumnIsExplained(t *testing.T) {
	f := kittest.Get(t)
	md := kit.GapsMarkdown(f.Kit.Gaps, f.Kit.Public.K)
	if !strings.Contains(string(f.Kit.Files[kit.ReadmeFile]), md) {
		t.Error("the README lacks the suppressed-columns section")
	}
	found := 0
	for _, x := range f.Kit.Public.Extracts {
		all := map[[2]string]bool{} // column, year → every cell "*" so far
		var r []string
		for i := range x.Len() {
			r = x.Row(i, r)
			for j := 1; j < len(r); j++ {
				k := [2]string{x.Columns[j].Name, r[0]}
				if v, ok := all[k]; !ok || v {
					all[k] = r[j] == "*"
				}
			}
		}
		for k, v := range all {
			if !v {
				continue
			}
			found++
			row := "| " + x.Name + " | `" + k[0] + "` |"
			i := strings.Index(md, row)
			if i < 0 {
				t.Errorf("%s %s is all * in %s but not explained", x.Name, k[0], k[1])
				continue
			}
			line := md[i : i+strings.Index(md[i:], "\n")]
			if !strings.Contains(line, k[1]) {
				t.Errorf("%s %s: the row %q omits wave %s", x.Name, k[0], line, k[1])
			}
		}
	}
	if found == 0 {
		t.Fatal("the sample release has no wholly suppressed column: the test checks nothing")
	}
	t.Logf("%d column-waves all *, each explained", found)
}

package kit

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// Names of the kit's public files, relative to public/.
const (
	ReadmeFile     = "README.md"
	LicenseFile    = "LICENSE"
	CitationFile   = "CITATION.cff"
	BenchmarksFile = "benchmarks.csv"
	ExplorerFile   = "explorer.html"
	RerunDir       = "rerun"
)

//go:embed rerun/*.py rerun/*.R templates/*.tmpl
var embedded embed.FS

// Meta is what the kit takes besides the released files: the release
// configuration (licence, bands, which extract serves which hypothesis)
// and the codebook (question wording). Neither holds a response.
type Meta struct {
	Config   *anonymize.Config
	Codebook *codebook.Codebook
}

// Kit is the public kit computed from the released files.
type Kit struct {
	Public     *Public
	Benchmarks []Benchmark
	Gaps       []Gap
	Files      map[string][]byte // relative to public/
}

// Build reads the public release (files relative to public/, as the
// anonymizer wrote them, trends.csv included) and renders the kit.
func Build(pub map[string][]byte, m Meta) (*Kit, error) {
	p, err := Read(pub)
	if err != nil {
		return nil, err
	}
	p.MarkNumeric(m.Codebook)
	k := &Kit{Public: p, Benchmarks: Benchmarks(p), Gaps: Gaps(p, pub["trends.csv"]), Files: map[string][]byte{}}
	if k.Files[BenchmarksFile], err = BenchmarksCSV(k.Benchmarks); err != nil {
		return nil, err
	}
	if err := k.scripts(m.Config); err != nil {
		return nil, err
	}
	if k.Files[ExplorerFile], err = Explorer(p); err != nil {
		return nil, err
	}
	if l := m.Config.License; l != "" {
		if licenseText[l] == "" {
			return nil, fmt.Errorf("release config: no LICENSE text for licence %q", l)
		}
		k.Files[LicenseFile] = []byte(licenseText[l])
	}
	k.Files[CitationFile] = citation(p, m.Config.License)
	if k.Files[ReadmeFile], err = k.readme(m); err != nil {
		return nil, err
	}
	return k, nil
}

// scripts renders rerun/: the shared helpers with the band midpoints of
// the configuration, and one script per hypothesis in Python and R.
func (k *Kit) scripts(c *anonymize.Config) error {
	mid := midpoints(k.Public, c)
	js, err := json.Marshal(mid)
	if err != nil {
		return err
	}
	data := map[string]string{"MidpointsJSON": string(js), "MidpointsR": rList(mid)}
	names, _ := fs.Glob(embedded, "rerun/*")
	for _, name := range names {
		b, _ := embedded.ReadFile(name)
		if strings.HasPrefix(path.Base(name), "gtm.") {
			t, err := template.New(name).Parse(string(b))
			if err != nil {
				return err
			}
			var w bytes.Buffer
			if err := t.Execute(&w, data); err != nil {
				return err
			}
			b = w.Bytes()
		}
		k.Files[name] = b
	}
	return nil
}

// midpoints is, per banded column name, the number each band stands for
// (anonymize.Bands.Midpoint, as the disclosure report's public headline).
func midpoints(p *Public, c *anonymize.Config) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, x := range p.Extracts {
		for _, col := range x.Columns {
			b := c.SensitiveBands[col.Variable]
			if !col.Banded() || b == nil {
				continue
			}
			m := map[string]float64{}
			for _, l := range b.Labels {
				m[l] = b.Midpoint(l)
			}
			out[col.Name] = m
		}
	}
	return out
}

// rList writes m as an R list of named numeric vectors, non-ASCII escaped
// (R reads \uXXXX in any locale).
func rList(m map[string]map[string]float64) string {
	var cols []string
	for c := range m {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	var b strings.Builder
	b.WriteString("list(")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(",\n  ")
		}
		fmt.Fprintf(&b, "%s = c(", strconv.QuoteToASCII(c))
		labels := make([]string, 0, len(m[c]))
		for l := range m[c] {
			labels = append(labels, l)
		}
		slices.Sort(labels)
		for j, l := range labels {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s = %s", strconv.QuoteToASCII(l), strconv.FormatFloat(m[c][l], 'g', -1, 64))
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String()
}

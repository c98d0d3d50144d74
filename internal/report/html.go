package report

import (
	"bytes"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	texttemplate "text/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

//go:embed templates/report.html.tmpl templates/report.md.tmpl
var templates embed.FS

var funcs = map[string]any{
	"counts": countsText,
	"join":   strings.Join,
	"itoa":   strconv.Itoa,
	"shift":  shiftHeadings,
}

var (
	htmlTmpl = template.Must(template.New("report.html.tmpl").Funcs(funcs).Funcs(map[string]any{
		"chart": func(map[string][]byte, string) template.URL { return "" }, "markdown": markdown,
	}).ParseFS(templates, "templates/report.html.tmpl"))
	mdTmpl = texttemplate.Must(texttemplate.New("report.md.tmpl").Funcs(funcs).ParseFS(templates, "templates/report.md.tmpl"))
)

// HTML renders out/report.html: one self-contained page (inline CSS, charts
// as data: URIs, no scripts, no external requests) with
// the same content as Markdown, readable on a 375-pixel phone screen. The
// same Input gives the same bytes.
func HTML(in Input) ([]byte, error) {
	t, err := htmlTmpl.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(map[string]any{"chart": func(name string) template.URL { return dataURI(in.Charts[name]) }})
	var b bytes.Buffer
	if err := t.Execute(&b, newView(in)); err != nil {
		return nil, fmt.Errorf("report.html: %w", err)
	}
	return b.Bytes(), nil
}

// Markdown renders out/report.md: the content of report.html as Markdown,
// with charts linked as charts/<name>.png beside it.
func Markdown(in Input) ([]byte, error) {
	var b bytes.Buffer
	if err := mdTmpl.Execute(&b, newView(in)); err != nil {
		return nil, fmt.Errorf("report.md: %w", err)
	}
	return b.Bytes(), nil
}

// dataURI inlines a PNG; template.URL marks it as safe for src.
func dataURI(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

var md = goldmark.New(goldmark.WithExtensions(extension.Table))

// markdown renders trusted Markdown (the plan) to HTML; raw HTML in it is
// not passed through.
func markdown(src string) (template.HTML, error) {
	var b bytes.Buffer
	if err := md.Convert([]byte(shiftHeadings(src)), &b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// countsText writes counts as "reason n, reason n"; none as "none".
func countsText(cs []Count) string {
	if len(cs) == 0 {
		return "none"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s %d", strings.ReplaceAll(c.Reason, "_", " "), c.N)
	}
	return strings.Join(parts, ", ")
}

// shiftHeadings demotes the Markdown headings of a document by two levels
// (# → ###) so that it nests under a section of the report. Fenced code is
// left alone.
func shiftHeadings(src string) string {
	lines := strings.Split(src, "\n")
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
		}
		if !fenced && strings.HasPrefix(l, "#") {
			lines[i] = "##" + l
		}
	}
	return strings.Join(lines, "\n")
}

package pptx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"github.com/gtmsurvey/gtmsurvey/internal/pptx/pptxtest"
	"image"
	"image/color"
	"image/png"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"
)

// testPNG is a w×h PNG of one colour.
func testPNG(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func samplePresentation(t testing.TB) Presentation {
	blue := testPNG(t, 192, 108, color.RGBA{0, 0x72, 0xB2, 0xff})
	orange := testPNG(t, 192, 108, color.RGBA{0xE6, 0x9F, 0, 0xff})
	return Presentation{
		Title: "Go-to-market survey 2026",
		Slides: []Slide{
			{Layout: TitleSlide, Title: "Go-to-market survey 2026", Subtitle: "Office Hours · five hypotheses & trends"},
			{Title: "Four of five hypotheses hold after Holm correction", Image: blue, Notes: "Holm across five.\nalpha = 0.05"},
			{Title: "AI-augmented reps book more meetings", Subtitle: "587 companies, 2025–2026", Image: orange, Footer: "Stats: Mann–Whitney", Notes: "Mann–Whitney U, n = 587, p < 0.001 & <escaped>"},
			{Layout: Section, Title: "Channels"},
			{Title: "LinkedIn doubled as the top channel", Image: blue, Notes: "chi-square trend"},
			{Title: "Three takeaways", Points: []string{"First point", "Second point"}, Footer: "Stats: none"},
			{Title: "By stage", Table: [][]string{{"Stage", "Augmented", "Human-only"}, {"Seed", "31% (n 40)", "too few (n 3)"}}, Footer: "Stats: none"},
			{Layout: Section, Title: "Team"},
			{Title: "SDR teams shrank", Image: blue, Notes: "Kendall tau"},
		},
	}
}

func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry %s, want [Content_Types].xml", zr.File[0].Name)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		if !f.Modified.Equal(modified) {
			t.Errorf("%s modified %v, want the fixed %v", f.Name, f.Modified, modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return parts
}

func TestPPTXPartsAreConsistent(t *testing.T) {
	b, err := samplePresentation(t).Write()
	if err != nil {
		t.Fatal(err)
	}
	parts := readZip(t, b)
	// 9 slides, each with a notes slide.
	slides, notes := 0, 0
	for n := range parts {
		if regexp.MustCompile(`^ppt/slides/slide\d+\.xml$`).MatchString(n) {
			slides++
		}
		if regexp.MustCompile(`^ppt/notesSlides/notesSlide\d+\.xml$`).MatchString(n) {
			notes++
		}
	}
	if slides != 9 || notes != 9 {
		t.Errorf("%d slides and %d notes slides, want 9 and 9", slides, notes)
	}
	ct := string(parts["[Content_Types].xml"])
	target := regexp.MustCompile(`Target="([^"]+)"`)
	for n, content := range parts {
		if !strings.HasSuffix(n, ".xml") && !strings.HasSuffix(n, ".rels") {
			continue
		}
		if err := wellFormed(content); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if strings.HasSuffix(n, ".xml") && n != "[Content_Types].xml" && !strings.Contains(ct, `PartName="/`+n+`"`) {
			t.Errorf("%s has no content type", n)
		}
		if !strings.HasSuffix(n, ".rels") {
			continue
		}
		base := path.Dir(path.Dir(n))
		for _, m := range target.FindAllStringSubmatch(string(content), -1) {
			if p := path.Join(base, m[1]); parts[p] == nil {
				t.Errorf("%s points at missing %s", n, p)
			}
		}
	}
	if s := string(parts["ppt/notesSlides/notesSlide3.xml"]); !strings.Contains(s, "p &lt; 0.001 &amp; &lt;escaped&gt;") {
		t.Errorf("notes of slide 3 lack the escaped statistics:\n%s", s)
	}
	if s := string(parts["ppt/slides/slide4.xml"]); !strings.Contains(s, ">Channels<") {
		t.Errorf("slide 4 is not the Channels section slide:\n%s", s)
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestPPTXDeterministic(t *testing.T) {
	a, err := samplePresentation(t).Write()
	if err != nil {
		t.Fatal(err)
	}
	b, err := samplePresentation(t).Write()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two runs gave different bytes")
	}
}

func TestPPTXRejectsNonPNG(t *testing.T) {
	d := Presentation{Title: "t", Slides: []Slide{{Title: "bad chart", Image: []byte("GIF89a...")}}}
	_, err := d.Write()
	if err == nil || !strings.Contains(err.Error(), `slide 1 ("bad chart")`) {
		t.Errorf("err = %v, want one naming slide 1", err)
	}
}

// TestLibreOfficeOpensDeck converts the deck to PDF with LibreOffice and
// checks one page per slide and every slide's words in the text.
func TestLibreOfficeOpensDeck(t *testing.T) {
	pptxtest.NeedTools(t)
	d := samplePresentation(t)
	b, err := d.Write()
	if err != nil {
		t.Fatal(err)
	}
	pdf := pptxtest.ToPDF(t, b)
	if n := pptxtest.Pages(t, pdf); n != len(d.Slides) {
		t.Errorf("PDF has %d pages, want %d, one per slide", n, len(d.Slides))
	}
	flat := strings.Join(strings.Fields(pptxtest.Text(t, pdf, 0)), " ")
	var want []string
	for _, s := range d.Slides {
		want = append(want, s.Title, s.Subtitle, s.Footer)
		want = append(want, s.Points...)
		for _, r := range s.Table {
			want = append(want, r...)
		}
	}
	for _, w := range want {
		if w != "" && !strings.Contains(flat, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
}

func TestPPTXRejectsPictureWithPoints(t *testing.T) {
	img := testPNG(t, 8, 8, color.White)
	d := Presentation{Slides: []Slide{{Title: "ok"}, {Title: "both", Image: img, Points: []string{"a"}}}}
	_, err := d.Write()
	if err == nil || !strings.Contains(err.Error(), `slide 2 ("both")`) {
		t.Errorf("err = %v, want one naming slide 2", err)
	}
}

package report

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtmsurvey/gtmsurvey/internal/browsertest"
)

var (
	screenshotPath = flag.String("screenshot", "", "write the browser test's full-page screenshot here (default: a temporary folder)")
	reportPath     = flag.String("html", "", "check this report.html in the browser instead of one rendered from the fixture")
)

// image is what the page says about one <img>.
type imageState struct {
	Src          string `json:"src"`
	Complete     bool   `json:"complete"`
	NaturalWidth int    `json:"naturalWidth"`
}

// reportFile is the report under test: -html, or one rendered from the
// fixture into a temporary folder; its absolute path.
func reportFile(t *testing.T) string {
	t.Helper()
	page := *reportPath
	if page == "" {
		b, err := HTML(fixtureInput(t))
		if err != nil {
			t.Fatal(err)
		}
		page = filepath.Join(t.TempDir(), "report.html")
		if err := os.WriteFile(page, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestReportInBrowser opens report.html in headless Chromium: the page
// loads without console errors or network requests (it is
// self-contained), every image decodes, and a full-page screenshot is
// written for a person to look at.
func TestReportInBrowser(t *testing.T) {
	ctx, pl := browsertest.Start(t, "the report was not checked in a browser", 1100, 900)
	abs := reportFile(t)
	url := "file://" + abs
	imgs, shot := load(t, ctx, pl, url)
	out := *screenshotPath
	if out == "" {
		out = filepath.Join(t.TempDir(), "report.png")
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", out, len(shot))
	if *reportPath == "" && len(imgs) != 3 {
		t.Errorf("page has %d images, want 3 (h1, h2_gap and one trend chart)", len(imgs))
	}
	for _, im := range imgs {
		if !im.Complete || im.NaturalWidth == 0 {
			t.Errorf("image %s… did not decode (complete %v, naturalWidth %d)", im.Src, im.Complete, im.NaturalWidth)
		}
	}
	errs, reqs := pl.Take()
	if len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if len(reqs) > 0 {
		t.Errorf("network requests (the page must be self-contained): %q", reqs)
	}

	// The control: a page that logs an error, requests a file and has a
	// broken image is caught by the same checks.
	bad := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"><img src="data:image/png;base64,AAAA"><script>console.error("boom")</script></body></html>`), 0o644)
	imgs, _ = load(t, ctx, pl, "file://"+bad)
	errs, reqs = pl.Take()
	if len(errs) == 0 || len(reqs) == 0 {
		t.Errorf("control page: errors %q, requests %q; want both caught", errs, reqs)
	}
	for _, im := range imgs {
		if im.NaturalWidth > 0 {
			t.Errorf("control page: broken image %s decoded", im.Src)
		}
	}
}

// load opens url in the tab of ctx and returns its images and a full-page
// screenshot; pl collects the page's errors and requests meanwhile.
func load(t *testing.T, ctx context.Context, pl *browsertest.Log, url string) ([]imageState, []byte) {
	t.Helper()
	pl.Take()
	pl.Page(url)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	imgs, err := chromedp.Run(tctx, chromedp.Evaluate[[]imageState](
		`Array.from(document.images).map(i => ({src: i.src.slice(0, 40), complete: i.complete, naturalWidth: i.naturalWidth}))`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	return imgs, shot
}

// phoneWidth is the narrowest screen the report must read on.
const phoneWidth = 375

// TestReportOnPhone opens report.html at 375 pixels wide: the document is
// no wider than the screen (tables scroll inside their box or reflow), and
// a page with a wide table outside a scroll box, the control, is caught.
func TestReportOnPhone(t *testing.T) {
	ctx, _ := browsertest.Start(t, "the report was not checked on a phone width", 0, 0)
	abs := reportFile(t)
	if w, vw := phoneDocumentWidth(t, ctx, "file://"+abs); w > vw || vw != phoneWidth {
		t.Errorf("document is %d px wide on a %d px screen, want at most %d (no horizontal scroll)", w, vw, phoneWidth)
	}
	bad := filepath.Join(t.TempDir(), "wide.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><table><tr><td style="white-space:nowrap">`+
		strings.Repeat("wide cell ", 40)+`</td></tr></table></body></html>`), 0o644)
	if w, vw := phoneDocumentWidth(t, ctx, "file://"+bad); w <= vw {
		t.Errorf("control page with a wide table: document %d px on %d px, want wider", w, vw)
	}
}

// phoneDocumentWidth loads url at phoneWidth and returns the document's
// scroll width and the viewport's width.
func phoneDocumentWidth(t *testing.T, ctx context.Context, url string) (doc, viewport int) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(phoneWidth, 800, chromedp.EmulateMobile), chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	w, err := chromedp.Run(tctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("REPORT_PHONE_SHOT"); out != "" {
		if shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(80)); err == nil {
			os.WriteFile(out, shot, 0o644)
		}
	}
	return w[0], w[1]
}

package report

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var (
	screenshotPath = flag.String("screenshot", "", "write the browser test's full-page screenshot here (default: a temporary folder)")
	reportPath     = flag.String("html", "", "check this report.html in the browser instead of one rendered from the fixture")
)

// chromium returns the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageLog collects what the browser reports while the page loads.
type pageLog struct {
	mu       sync.Mutex
	page     string   // the page's own URL, not counted as a request
	errors   []string // console errors, exceptions, log entries of level error
	requests []string // URLs requested other than the page itself and data: URIs
}

// take returns what was collected and starts afresh.
func (l *pageLog) take() (errors, requests []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	errors, requests = l.errors, l.requests
	l.errors, l.requests = nil, nil
	return errors, requests
}

func (l *pageLog) listen(ev any) {
	{
		l.mu.Lock()
		defer l.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				l.errors = append(l.errors, "console."+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			l.errors = append(l.errors, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				l.errors = append(l.errors, "log: "+e.Entry.Text+" "+e.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; u != l.page && !strings.HasPrefix(u, "data:") {
				l.requests = append(l.requests, u)
			}
		}
	}
}

// image is what the page says about one <img>.
type imageState struct {
	Src          string `json:"src"`
	Complete     bool   `json:"complete"`
	NaturalWidth int    `json:"naturalWidth"`
}

// TestReportInBrowser opens report.html in headless Chromium: the page
// loads without console errors or network requests (it is
// self-contained), every image decodes, and a full-page screenshot is
// written for a person to look at.
func TestReportInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("skipped: no chromium on PATH (Debian: apt-get install chromium); the report was not checked in a browser")
	}
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
	url := "file://" + abs
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.WindowSize(1100, 900)}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	var pl pageLog
	if err := chromedp.Listen(ctx, pl.listen); err != nil {
		t.Fatal(err)
	}
	imgs, shot := load(t, ctx, &pl, url)
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
	errs, reqs := pl.take()
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
	imgs, _ = load(t, ctx, &pl, "file://"+bad)
	errs, reqs = pl.take()
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
func load(t *testing.T, ctx context.Context, pl *pageLog, url string) ([]imageState, []byte) {
	t.Helper()
	pl.take()
	pl.mu.Lock()
	pl.page = url
	pl.mu.Unlock()
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

// Package browsertest starts headless Chromium for a test and collects what
// the pages it opens report: console errors and warnings, exceptions, log
// entries of level error, and network requests. It is for tests only; no
// program imports it.
package browsertest

import (
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium or Chrome binary on PATH, or "".
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start starts headless Chromium for t, with a window of width×height
// pixels (0×0 leaves Chromium's default), and returns the context of its
// tab and the Log listening to it. The browser ends when t does. Without
// Chromium it skips t, saying what was therefore not checked (unchecked,
// such as "the report was not checked in a browser").
func Start(t testing.TB, unchecked string, width, height int) (context.Context, *Log) {
	t.Helper()
	bin := Chromium()
	if bin == "" {
		t.Skip("skipped: no chromium on PATH (Debian: apt-get install chromium); " + unchecked)
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true)}
	if width > 0 || height > 0 {
		opts = append(opts, chromedp.WindowSize(width, height))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	l := &Log{}
	// Listen starts the browser on ctx, not on a later call's timeout, whose
	// end would close it.
	if err := chromedp.Listen(ctx, l.listen); err != nil {
		t.Fatal(err)
	}
	return ctx, l
}

// Log collects what the browser reports while pages load and run.
type Log struct {
	mu       sync.Mutex
	page     string   // the page's own URL, not counted as a request
	errors   []string // console errors and warnings, exceptions, log entries of level error
	requests []string // URLs requested other than the page itself and data: URIs
}

// Page names the URL about to be opened: its own request is not counted.
// What was collected so far is kept.
func (l *Log) Page(url string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.page = url
}

// Take returns what was collected and starts afresh.
func (l *Log) Take() (errors, requests []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	errors, requests = l.errors, l.requests
	l.errors, l.requests = nil, nil
	return errors, requests
}

// listen records one browser event; chromedp calls it for each.
func (l *Log) listen(ev any) {
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

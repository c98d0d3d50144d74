package browsertest

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestLogCounts feeds the Log one event of each kind: errors, warnings,
// exceptions and error log entries count, other console calls and log
// levels do not; requests count except the page's own and data: URIs.
func TestLogCounts(t *testing.T) {
	request := func(u string) any {
		return &network.EventRequestWillBeSent{Request: &network.Request{URL: u}}
	}
	var l Log
	l.Page("file:///tmp/page.html")
	for _, ev := range []any{
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeError},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeWarning},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeInfo},
		&runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{Text: "Uncaught"}},
		&log.EventEntryAdded{Entry: &log.Entry{Level: log.EntryLevelError, Text: "Failed to load", URL: "x.png"}},
		&log.EventEntryAdded{Entry: &log.Entry{Level: log.EntryLevelWarning, Text: "deprecated"}},
		request("file:///tmp/page.html"),
		request("data:image/png;base64,AAAA"),
		request("http://127.0.0.1:9/x.png"),
		"an event of another kind",
	} {
		l.listen(ev)
	}
	errs, reqs := l.Take()
	wantErrs := []string{"console.error", "console.warning", "exception: Uncaught", "log: Failed to load x.png"}
	if !reflect.DeepEqual(errs, wantErrs) {
		t.Errorf("errors %q, want %q", errs, wantErrs)
	}
	if want := []string{"http://127.0.0.1:9/x.png"}; !reflect.DeepEqual(reqs, want) {
		t.Errorf("requests %q, want %q", reqs, want)
	}
	if errs, reqs := l.Take(); errs != nil || reqs != nil {
		t.Errorf("second Take: %q, %q; want nothing (Take starts afresh)", errs, reqs)
	}
	l.listen(request("http://127.0.0.1:9/y.png"))
	l.Page("file:///tmp/other.html") // a new page keeps what was collected
	if _, reqs := l.Take(); len(reqs) != 1 {
		t.Errorf("after Page: requests %q, want the one collected before", reqs)
	}
}

// TestStart opens a page in the browser Start gives: the window has the
// size asked for, and a page that errs and requests a file is logged.
func TestStart(t *testing.T) {
	ctx, l := Start(t, "the browser support was not checked", 640, 480)
	page := filepath.Join(t.TempDir(), "p.html")
	if err := os.WriteFile(page, []byte(`<!DOCTYPE html><body><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script></body>`), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Page("file://" + page)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.outerWidth, window.outerHeight]`))
	if err != nil {
		t.Fatal(err)
	}
	if size[0] != 640 || size[1] != 480 {
		t.Errorf("window %d×%d, want 640×480", size[0], size[1])
	}
	time.Sleep(200 * time.Millisecond) // events arrive after load; this only waits for them, no timing is tested
	if errs, reqs := l.Take(); len(errs) == 0 || len(reqs) != 1 {
		t.Errorf("errors %q, requests %q; want the console error and the one image request", errs, reqs)
	}
}

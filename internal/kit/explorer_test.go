package kit_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gtmsurvey/gtmsurvey/internal/browsertest"
	"github.com/gtmsurvey/gtmsurvey/internal/kit"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/kittest"
)

var shots = flag.String("shots", "", "write the explorer's screenshots (phone and desktop width) into this folder")

// browser starts headless Chromium for t at width×height, or skips; its
// calls share one 90-second limit.
func browser(t *testing.T, width, height int) (context.Context, *browsertest.Log) {
	t.Helper()
	ctx, l := browsertest.Start(t, "the explorer was not checked in a browser", width, height)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx, l
}

// open writes page into a file and loads it.
func open(t *testing.T, ctx context.Context, l *browsertest.Log, page []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "explorer.html")
	if err := os.WriteFile(p, page, 0o644); err != nil {
		t.Fatal(err)
	}
	l.Page("file://" + p)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+p), chromedp.WaitReady("#cols")); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// choose sets a select and fires its change event.
func choose(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	text(t, ctx, `(() => { const s = document.getElementById("`+id+`"); s.value = "`+value+`"; s.dispatchEvent(new Event("change")); return s.value })()`)
}

// TestExplorerInBrowser opens explorer.html of the synthetic release in
// headless Chromium: no console errors, no requests, and a filter changes
// the numbers. On a hand-made extract with a cohort of 3, that cohort
// shows "too few" and no number, and so does an empty one.
func TestExplorerInBrowser(t *testing.T) {
	f := kittest.Get(t)
	ctx, l := browser(t, 1200, 900)
	open(t, ctx, l, f.Kit.Files[kit.ExplorerFile])
	pick := -1
	for i, x := range f.Kit.Public.Extracts {
		if x.Name == kit.ExampleExtract {
			pick = i
		}
	}
	choose(t, ctx, "extract", itoa(pick))
	if n := text(t, ctx, `document.getElementById("n").textContent`); n != itoa(f.Kit.Public.Extracts[pick].Len())+" respondents in this group" {
		t.Errorf("%s unfiltered: %q, want the file's %d rows", kit.ExampleExtract, n, f.Kit.Public.Extracts[pick].Len())
	}
	before := text(t, ctx, `document.getElementById("n").textContent + document.getElementById("cols").innerText`)
	choose(t, ctx, "f1", "0") // company_stage: its first released value
	after := text(t, ctx, `document.getElementById("n").textContent + document.getElementById("cols").innerText`)
	if before == after || !strings.Contains(after, "respondents in this group") {
		t.Errorf("a stage filter did not change the numbers:\n%.200s\n%.200s", before, after)
	}
	screenshot(t, ctx, "explorer-desktop.png")

	var rows []string
	rows = append(rows, repeat(20, "2026,A,<$10M,10–20%")...)
	rows = append(rows, repeat(3, "2026,A,$10M+,≥20%")...)
	open(t, ctx, l, mustExplorer(t, public(rows...)))
	whole := text(t, ctx, `document.body.innerText`)
	if !strings.Contains(whole, "23 respondents") || !strings.Contains(whole, "too few") {
		t.Errorf("the whole extract: want 23 respondents, and the cell of 3 as too few:\n%.600s", whole)
	}
	choose(t, ctx, "f2", "1") // ARR $10M+: the cohort of 3
	small := text(t, ctx, `document.getElementById("n").textContent + "|" + document.getElementById("cols").innerText + document.getElementById("cross").innerText`)
	if !strings.HasPrefix(small, "Too few respondents") || strings.Contains(small, "3") {
		t.Errorf("a cohort of 3 shows %q; want too few and no number", small)
	}
	choose(t, ctx, "f2", "-1")
	choose(t, ctx, "f1", "1") // stage B+: nobody
	if empty := text(t, ctx, `document.getElementById("n").textContent`); !strings.HasPrefix(empty, "Too few") {
		t.Errorf("an empty cohort shows %q; want too few", empty)
	}
	errs, reqs := l.Take()
	if len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if len(reqs) > 0 {
		t.Errorf("network requests (the page must be self-contained): %q", reqs)
	}
	// The control: a page that requests a file and logs an error is caught.
	open(t, ctx, l, []byte(`<!DOCTYPE html><body><div id="cols"></div><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script></body>`))
	time.Sleep(200 * time.Millisecond) // events arrive after load; this only waits for them, no timing is tested
	// The failed image alone logs an error entry; the console error must be
	// caught on its own.
	if errs, reqs := l.Take(); !slices.Contains(errs, "console.error") || len(reqs) == 0 {
		t.Errorf("control page: errors %q, requests %q; want both caught", errs, reqs)
	}
}

// TestExplorerPhone renders the explorer at phone width (for the screenshot).
func TestExplorerPhone(t *testing.T) {
	if *shots == "" {
		t.Skip("screenshots only: -shots DIR")
	}
	f := kittest.Get(t)
	ctx, l := browser(t, 390, 844)
	open(t, ctx, l, f.Kit.Files[kit.ExplorerFile])
	screenshot(t, ctx, "explorer-phone.png")
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	if *shots == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(*shots, name), b, 0o644)
}

func mustExplorer(t *testing.T, p *kit.Public) []byte {
	b, err := kit.Explorer(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }

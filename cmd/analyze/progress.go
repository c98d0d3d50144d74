package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// stages prints one line per pipeline stage with its duration on stderr,
// so a run never looks hung. Timings go to stderr only, never into a file.
// On a terminal a long stage shows a spinner with the elapsed time while
// it runs; elsewhere (CI, a pipe) only the finished lines appear. Quiet
// prints nothing.
type stages struct {
	w     io.Writer
	quiet bool
	tty   bool
	now   func() time.Time
}

func newStages(stderr io.Writer, quiet bool) *stages {
	tty := false
	if f, ok := stderr.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &stages{w: stderr, quiet: quiet, tty: tty, now: time.Now}
}

// start announces a stage and returns the function that ends it with a
// short summary ("" for none). Call the returned function exactly once.
func (s *stages) start(name string) func(summary string) {
	return s.begin(name, false)
}

// startLong is start for a stage that takes seconds (the bootstraps): on a
// terminal it shows a spinner with the elapsed time until it ends.
func (s *stages) startLong(name string) func(summary string) {
	return s.begin(name, true)
}

func (s *stages) begin(name string, long bool) func(string) {
	if s.quiet {
		return func(string) {}
	}
	t0 := s.now()
	var bar *progressbar.ProgressBar
	if long && s.tty {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(s.w),
			progressbar.OptionSetDescription(name), progressbar.OptionSpinnerType(14),
			progressbar.OptionSetRenderBlankState(true), progressbar.OptionClearOnFinish())
	}
	return func(summary string) {
		if bar != nil {
			bar.Finish()
			bar.Exit()
		}
		line := fmt.Sprintf("%-34s %6.2f s", name, s.now().Sub(t0).Seconds())
		if summary != "" {
			line += "  " + summary
		}
		fmt.Fprintln(s.w, line)
	}
}

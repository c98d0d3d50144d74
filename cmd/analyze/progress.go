package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// stages prints one line per pipeline stage with its wall and CPU time on
// stderr, so a run never looks hung and its cost can be read stage by
// stage, and a last line with the totals and the peak memory. Timings go to stderr only, never into a file.
// On a terminal a long stage shows a spinner with the elapsed time while
// it runs; elsewhere (CI, a pipe) only the finished lines appear. Quiet
// prints nothing.
type stages struct {
	w     io.Writer
	quiet bool
	tty   bool
	now   func() time.Time
	usage func() (cpu time.Duration, peakRSS int64, ok bool)
	t0    time.Time
}

func newStages(stderr io.Writer, quiet bool) *stages {
	tty := false
	if f, ok := stderr.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &stages{w: stderr, quiet: quiet, tty: tty, now: time.Now, usage: processUsage, t0: time.Now()}
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
	cpu0, _, _ := s.usage()
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
		if cpu1, _, ok := s.usage(); ok {
			line += fmt.Sprintf("  cpu %6.2f s", (cpu1 - cpu0).Seconds())
		}
		if summary != "" {
			line += "  " + summary
		}
		fmt.Fprintln(s.w, line)
	}
}

// total prints the run's wall time since the stages began, the CPU time of
// the whole process and its peak resident memory.
func (s *stages) total() {
	if s.quiet {
		return
	}
	line := fmt.Sprintf("%-34s %6.2f s", "total", s.now().Sub(s.t0).Seconds())
	if cpu, rss, ok := s.usage(); ok {
		line += fmt.Sprintf("  cpu %6.2f s  peak memory %d MiB", cpu.Seconds(), rss>>20)
	}
	fmt.Fprintln(s.w, line)
}

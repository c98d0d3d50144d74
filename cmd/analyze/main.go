// Command analyze runs the gtmsurvey pipeline: it reads every yearly survey
// export in a data folder through a codebook, cleans the responses, tests the
// pre-registered hypotheses and writes the outputs.
//
// Usage:
//
//	analyze [run] [-data DIR] [-out DIR] [flags]   harmonize, clean, analyze, write out/
//	analyze validate [-data DIR]                    print the harmonization report; exit 1 on errors
//	analyze synth -out DIR [-seed N] [-scale F] [-effects planted|null]
//	                                                write synthetic exports, codebook.yaml, truth.json
//	analyze codebook draft FILE -year YEAR [-data DIR]
//	                                                propose the codebook wave block of a new export
//
// "analyze -h" lists the commands with an example each; "analyze <command>
// -h" lists a command's flags. Stage lines with their timings go to stderr
// (-q silences them); the tables go to stdout. Exit status is 0 on success
// (and for -h), 1 on an error (bad input names file, row and column) or an
// interrupt, 2 on a usage error. Every setting (flags, -out, codebook.yaml,
// release.yaml, the cards' secret cards.key) is checked before any export
// is read; a data folder
// without release.yaml runs and validates without a public release. A
// failed or interrupted run leaves the previous output folder as it was.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A batch run holds the whole dataset once; collecting garbage at 50%
	// growth instead of 100% keeps the peak resident memory of a
	// million-response ingest under 2 GiB (BenchmarkHarmonize1M).
	debug.SetGCPercent(50)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first Ctrl-C the run stops at the next stage boundary
		// and cleans up; a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	err := runContext(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "analyze:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError marks errors in the command line (exit status 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// run is the whole program without a way to interrupt it; it never calls
// os.Exit.
//
// kept: the testable entry the tests and benchmarks call; main goes through runContext for signals.
func run(args []string, stdout, stderr io.Writer) error {
	return runContext(context.Background(), args, stdout, stderr)
}

// runContext is the whole program; cancelling ctx stops a run between
// stages, leaving the output folder as it was.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if isHelp(args) {
		printUsage(stdout)
		return nil
	}
	err := dispatch(ctx, args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runPipeline(ctx, args, stdout, stderr)
	case "validate":
		return runValidate(args, stdout, stderr)
	case "synth":
		return runSynth(args, stdout, stderr)
	case "codebook":
		return runCodebook(args, stdout, stderr)
	default:
		return usageError{fmt.Errorf("unknown command %q (\"analyze -h\" lists the commands)", cmd)}
	}
}

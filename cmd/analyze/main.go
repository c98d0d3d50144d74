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
// Run "analyze <command> -h" for the flags of each command. Exit status is 0
// on success, 1 on an error (bad input names file, row and column), 2 on a
// usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

func main() {
	// A batch run holds the whole dataset once; collecting garbage at 50%
	// growth instead of 100% keeps the peak resident memory of a
	// million-response ingest under 2 GiB (BenchmarkHarmonize1M).
	debug.SetGCPercent(50)
	err := run(os.Args[1:], os.Stdout, os.Stderr)
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

// run is the whole program; it never calls os.Exit.
func run(args []string, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runPipeline(args, stdout, stderr)
	case "validate":
		return runValidate(args, stdout, stderr)
	case "synth":
		return runSynth(args, stdout, stderr)
	case "codebook":
		return runCodebook(args, stdout, stderr)
	default:
		return usageError{fmt.Errorf("unknown command %q (want run, validate, synth or codebook)", cmd)}
	}
}

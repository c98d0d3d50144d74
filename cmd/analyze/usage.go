package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// command is one line of the top-level help.
type command struct {
	name, summary, example string
}

// commands lists what "analyze -h" shows, in that order.
var commands = []command{
	{"run", "read the exports through the codebook, clean, test the hypotheses, write out/ (the default)",
		"analyze run -data data -out out"},
	{"validate", "print the harmonization report per wave; exit 1 on errors; writes nothing",
		"analyze validate -data data"},
	{"synth", "write synthetic exports, codebook.yaml, release.yaml and truth.json (the bundled data/ is made this way)",
		"analyze synth -out /tmp/sample -effects null"},
	{"codebook draft", "propose the codebook wave block of a new export, each column matched with a confidence",
		"analyze codebook draft exports/2027_typeform.csv -year 2027 -data data"},
}

// printUsage writes the top-level help: what the program does, each
// command with one example, and where the flags are.
func printUsage(w io.Writer) {
	fmt.Fprint(w, `analyze turns a folder of yearly survey exports into tested hypotheses, a report
and an anonymized public dataset.

usage: analyze [command] [flags]

commands:
`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
		fmt.Fprintf(tw, "  \te.g. %s\n", c.example)
	}
	tw.Flush()
	fmt.Fprint(w, `
With no command, analyze runs the pipeline on ./data and writes ./out.
"analyze <command> -h" lists a command's flags. Exit status: 0 success,
1 error (bad input names file, row and column; an interrupted run leaves
out/ as it was), 2 usage error.
`)
}

// isHelp reports whether args ask for the top-level help.
func isHelp(args []string) bool {
	if len(args) != 1 {
		return false
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis)
		prettyDefaults(fs)
		fs.PrintDefaults()
	}
	return fs
}

// prettyDefaults shows float defaults as people write them (0.333, not
// 0.3333333333333333).
func prettyDefaults(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		if _, isFloat := g.Get().(float64); !isFloat {
			return
		}
		v, err := strconv.ParseFloat(f.DefValue, 64)
		if pretty := strconv.FormatFloat(v, 'g', 3, 64); err == nil && len(f.DefValue) > 6 && !strings.Contains(pretty, "e") {
			f.DefValue = pretty
		}
	})
}

// parseFlags parses args; -h gives flag.ErrHelp (exit 0), anything wrong
// a usage error (exit 2), and so does a stray argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

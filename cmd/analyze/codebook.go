package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// runCodebook dispatches "analyze codebook SUBCOMMAND".
func runCodebook(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "draft" {
		return usageError{errors.New("usage: analyze codebook draft FILE -year YEAR [-data DIR]")}
	}
	return runDraft(args[1:], stdout, stderr)
}

// runDraft reads a new export and prints a proposed wave block matched
// against the codebook of the data folder.
func runDraft(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("codebook draft", "analyze codebook draft FILE -year YEAR [-data DIR]", stderr)
	year := fs.Int("year", 0, "year of the new wave (required)")
	dataDir := fs.String("data", "data", "folder with codebook.yaml and the earlier exports")
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if file == "" || *year < 2000 || *year > 2100 {
		return usageError{errors.New("give the export FILE and -year (2000–2100)")}
	}
	cb, err := codebook.Load(filepath.Join(*dataDir, "codebook.yaml"))
	if err != nil {
		return err
	}
	t, err := survey.Read(file)
	if err != nil {
		return err
	}
	_, err = stdout.Write(cb.DraftWave(t, *year, *dataDir).YAML())
	return err
}

package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/ingest"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// byteSize is a flag value in bytes, written as a number with an optional
// KiB, MiB or GiB suffix.
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("want a positive size such as 256MiB")
	}
	*b = byteSize(n * mult)
	return nil
}

// addLimitFlags adds the input limits of run and validate.
func addLimitFlags(fs *flag.FlagSet) *ingest.Options {
	o := &ingest.Options{MaxFileSize: survey.DefaultMaxBytes}
	fs.Var((*byteSize)(&o.MaxFileSize), "max-file-size",
		"largest export file read, in bytes or with KiB/MiB/GiB (also bounds XLSX expansion at 16× and table memory at about 4×)")
	return o
}

// printReadWarnings prints how files were read when a person should know
// (an encoding other than UTF-8).
func printReadWarnings(w io.Writer, in *ingest.Result) {
	for _, f := range in.Inputs {
		for _, s := range f.Warnings {
			fmt.Fprintln(w, "warning:", s)
		}
	}
}

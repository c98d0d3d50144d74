package survey

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// parseCSV decodes and parses CSV bytes into a Table laid out as l says.
func parseCSV(path string, data []byte, l Layout, s sink) (*Table, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			return nil, &ParseError{File: path, Row: pe.line, Err: pe.err}
		}
		return nil, &ParseError{File: path, Err: err}
	}
	b := newBuilder(path, "", l, true, s)
	b.t.Encoding = enc
	switch enc {
	case UTF16LE, UTF16BE:
		b.t.Warnings = append(b.t.Warnings, fmt.Sprintf("%s: read as %s (decoded without loss); the tools export UTF-8", path, enc))
	case Windows1252:
		b.t.Warnings = append(b.t.Warnings, fmt.Sprintf("%s: not UTF-8, read as Windows-1252; check accented answers, or re-export the file as UTF-8", path))
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: path, Row: pe.StartLine, Col: pe.Column, Err: pe.Err}
			}
			return nil, &ParseError{File: path, Err: err}
		}
		line, _ := r.FieldPos(0)
		if !b.started { // a header row is kept: copy it out of the reused record
			rec = append([]string(nil), rec...)
		}
		if err := b.add(line, rec); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

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
	if text, err = checkRecords(text); err != nil {
		var pe *posError
		errors.As(err, &pe)
		return nil, &ParseError{File: path, Row: pe.line, Err: pe.err}
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
		if err := checkFields(line, rec); err != nil {
			return nil, &ParseError{File: path, Row: line, Err: err}
		}
		if !b.started { // a header row is kept: copy it out of the reused record
			rec = append([]string(nil), rec...)
		}
		if err := b.add(line, rec); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// The longest CSV record and field the reader accepts. No survey answer
// comes near them; a file that exceeds them is not an export (or is one
// line because its line ends were lost), and refusing it before parsing
// keeps the time and memory of a hostile file bounded by its size.
const (
	MaxRecordBytes = 16 << 20
	MaxFieldBytes  = 1 << 20
)

// checkRecords refuses a CSV record over MaxRecordBytes at the line where
// it starts, before encoding/csv would buffer it. Records end at a line
// feed outside quotes: encoding/csv allows a quote outside a quoted field
// nowhere, so the quotes before such a line feed are even in number
// (escaped quotes come in pairs). A lone carriage return outside quotes
// (old Mac and some Excel exports end lines with it) is a line end: the
// text is returned with those CRs as LFs (in a copy; quoted CRs stay).
func checkRecords(text []byte) ([]byte, error) {
	text = loneCRs(text)
	line, start, recStart, quotes := 1, 1, 0, 0
	for i := 0; i <= len(text); {
		j := bytes.IndexByte(text[i:], '\n')
		end := i + j
		if j < 0 {
			end = len(text)
		}
		quotes += bytes.Count(text[i:end], quoteByte)
		if end-recStart > MaxRecordBytes {
			return nil, &posError{line: start, err: fmt.Errorf("line longer than %d MiB: not a survey export (are its line ends lost?)", MaxRecordBytes>>20)}
		}
		if j < 0 {
			break
		}
		line++
		if quotes%2 == 0 {
			start, recStart, quotes = line, end+1, 0
		}
		i = end + 1
	}
	return text, nil
}

var quoteByte = []byte{'"'}

// loneCRs returns text with each carriage return that is outside quotes
// and not followed by a line feed turned into a line feed.
func loneCRs(text []byte) []byte {
	copied, quotes, last := false, 0, 0
	for i := bytes.IndexByte(text, '\r'); i >= 0; {
		if i+1 == len(text) || text[i+1] != '\n' {
			quotes += bytes.Count(text[last:i], quoteByte)
			last = i
			if quotes%2 == 0 {
				if !copied {
					text, copied = append([]byte(nil), text...), true
				}
				text[i] = '\n'
			}
		}
		k := bytes.IndexByte(text[i+1:], '\r')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return text
}

// checkFields refuses a field over MaxFieldBytes.
func checkFields(line int, rec []string) error {
	for k, f := range rec {
		if len(f) > MaxFieldBytes {
			return &posError{line: line, err: fmt.Errorf("line longer than the limit: cell %d holds more than %d MiB", k+1, MaxFieldBytes>>20)}
		}
	}
	return nil
}

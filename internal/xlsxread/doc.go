// Package xlsxread reads the cells of an XLSX workbook's sheets as text,
// streaming, as encoding/csv reads records.
//
// It has one job: open the zip, find the first sheet and its shared
// strings through the workbook and its relationships, and hand each row's
// cells to a Sink in one pass over the sheet's XML. It knows nothing of
// what the cells mean: numbers and dates stay as written (raw serials),
// styles, formulas and other sheets are never read.
//
//	wb, err := xlsxread.Open(data, limit)
//	sheet, err := wb.FirstSheet()
//	err = sheet.Read(sink) // sink.BeginRow, Cell, Filled, EndRow, Merge
//
// Reading is bounded: only the workbook, its relationships, the shared
// strings and the sheet are decompressed, each checked against the limit
// and an expansion ratio before it is (zip bombs); nothing is written to
// disk; a DOCTYPE (entity expansion) is refused; a zip that names a part
// twice is refused by name; and a cell's text is held only when the sink
// wants it (the sink says which columns it wants per row; the others are
// only checked for content). Problems in a sheet come as an *Error naming
// the row and column.
//
// Speed: the sheet is scanned by a minimal XML tokenizer (xml.go) that
// reads the usual cell, <c …><v>…</v></c>, straight from the read buffer;
// shared strings are one string with offsets, so a cell's text is a
// substring of it; a row's numbers share one allocation; and a large part
// is inflated on a second core a few chunks ahead of the scan. Measured
// alternatives: excelize's streaming Rows() reads a 15.7k-row wave about
// 10× slower than this reader (and excelize's GetRows holds the whole
// sheet), so the own reader stays; its cells are checked against
// excelize's by a cross-reader test and fuzzer (excelize_test.go). See
// docs/performance.md and BenchmarkReadXLSX in internal/survey.
package xlsxread

// Package pngenc writes PNG files of opaque RGBA images, fast for images
// that are mostly flat colour, such as charts. It holds its own DEFLATE
// (RFC 1951) and zlib (RFC 1950) writer and imports nothing of the
// project's domain.
//
// Every row is written with the PNG "Up" filter, so the pixels that equal
// the one above filter to zeros; those are found many bytes at a time and
// written as runs of zeros, and only the changed pixels are parsed into
// literals and matches (a copy of the colour three bytes back for the top
// edge of a line or fill, a hashed search for repeated glyphs), coded in
// dynamic Huffman blocks. Alpha is dropped: the files are 8-bit RGB.
// EncodePair writes two files that share their lower rows (a chart and its
// slide image below the chart's title band) from one compression of those
// rows, joined by a sync flush and Adler-32 combination.
//
// The files are not image/png's bytes, but they decode, with image/png,
// to exactly the pixels encoded (tested on random and real chart images,
// and by a fuzz test).
//
// Why not image/png: at png.BestSpeed it makes the charts stage about 6×
// slower. Measured 6 December 2026, the charts package's BenchmarkDraw
// (the 27 sample figures, each a chart and a slide image) run as one
// process with `go test -c` and `-test.bench Draw -test.benchtime 5x`,
// whole-process CPU seconds, median of 5 runs taken in turn on the shared
// 2-core machine: 0.87 CPU-s with this encoder, 5.03 with image/png at
// BestSpeed (ratio per pair 4.7–6.5×; peak memory 120 MiB against 135).
package pngenc

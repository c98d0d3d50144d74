// Package anonymize builds the public, respondent-level release as a set of
// extracts — one per hypothesis, one per theme — whose rows cannot be
// joined. Each extract generalizes its quasi-identifiers along fixed
// hierarchies to k-anonymity within each year, bands sensitive numbers,
// releases multi-select answers one option per column, and suppresses cells
// until ℓ-diversity and the modal-share cap hold per class and column, any
// two released columns with the year leave at least k candidates, and
// related columns are suppressed together. The rules come from a versioned
// release.yaml; the roles come from the codebook (see docs/privacy.md).
//
// # Where each stage lives
//
// One package, one file per stage, in the order a release runs:
//
//   - config.go: release.yaml parsed and checked (roles, hierarchies, bands,
//     extracts, pinned levels, labels, the policy floors); Config, QI,
//     Bands, ExtractSpec.
//   - codes.go: the coded table (labels and uint16 cells) every stage uses.
//   - release.go: Build, one Extract per spec: columns, coding the rows at
//     the chosen levels, marking "not asked", the final sort.
//   - lattice.go: generalization (QI.generalize, level0) and the exhaustive
//     search of the level lattice with its pinned floors.
//   - suppress.go: row suppression (classes below k) and cell suppression
//     (ℓ-diversity, modal share, partial knowledge, any two columns with the
//     year, related cells) until nothing changes.
//   - attack.go: the attacker models run on the written rows (declared,
//     colleague, any two columns, partial knowledge, cross-year) and the
//     diversity recount.
//   - history.go, history_previous.go, history_waves.go: what ties one
//     release to the next: generalization.yaml (the levels to pin), the
//     previous release read through its SHA256SUMS, BuildFrom re-emitting
//     its published waves under the change rule and taking withdrawn
//     respondents' classes down, and the intersection attack.
//   - write.go, report.go, xlsx.go: the public files (CSV per extract,
//     dictionary, the workbook through package xlsxwrite) and
//     disclosure-report.md.
//   - headline.go, utility.go: each hypothesis's headline on the private
//     data and on its extract; trends.go: the public trends table and
//     FreezeTrends.
//
// # The deepest call chain
//
// Cell suppression is where a newcomer gets lost; its chain, ten calls
// deep from Build (BuildFrom enters at buildEach, and again at buildPart
// for each published wave):
//
//	Build                          release.go  every extract
//	 └ buildEach                   release.go  on every core, largest first
//	   └ parallel.EachLargestFirst
//	     └ buildExtract            release.go  the extract's rows
//	       └ buildPart             release.go  lattice search, then coding
//	         └ suppressor.run      suppress.go rules repeated until none adds a *
//	           └ suppressor.pairs  suppress.go every (year, column, column)
//	             └ suppressor.fixPair           skipped when nothing changed since
//	               └ suppressor.fixCombo        one rare combination
//	                 └ suppressor.suppress      one cell to *, margins updated
//
// Calls that run back up to an earlier stage's file: attack.go and
// history.go rebuild the lattice coding (Extract.lattice, rowsOf,
// yearCoder) to generalize the true answers, history_waves.go rebuilds a
// published wave with release.go's buildPart, and attack.go recounts
// diversity with suppress.go's suppressor.fails, so each rule has one copy.
package anonymize

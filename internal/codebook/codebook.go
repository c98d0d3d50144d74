// Package codebook is the mapping model: how each wave's export columns and
// answer labels map onto one canonical set of typed variables. It holds the
// model and its YAML (codebook.go, see docs/codebook.md), the value parsers
// (parse.go; cell.go reads one mapped column's cells), the matching of a
// map to an export's columns (match.go), and the draft of a new wave's
// block (draft*.go). Reading exports and harmonizing them row by row is the
// ingest stage's work (internal/ingest).
//
// A codebook is a YAML file: a list of variables (name, type, role, levels,
// range) and a list of waves (year, file, and for each column of that
// year's export the variable it feeds, matched by header text, Qualtrics
// export tag or ImportId, with answer recodes).
//
// The package reads an export itself in one place only: DraftWave reads
// the earlier waves' exports (survey.Read) to learn the question text of
// columns the codebook maps by tag or ImportId, which the codebook does not
// hold. Matching works on a survey.Table's header cells, never its rows;
// Load reads codebook.yaml with the reader's bounded regular-file read.
package codebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"time"
	_ "time/tzdata" // time.LoadLocation must work on machines without a zone database

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
	"go.yaml.in/yaml/v3"
)

// Variable types.
const (
	TypeText     = "text"     // free or identifying text, kept as written
	TypeSingle   = "single"   // one of Levels, unordered
	TypeOrdinal  = "ordinal"  // one of Levels, in order
	TypeMulti    = "multi"    // any subset of Levels
	TypeInteger  = "integer"  // a count (people)
	TypeNumber   = "number"   // a quantity (days, seconds)
	TypePercent  = "percent"  // percentage points
	TypeCurrency = "currency" // US dollars
	TypeDatetime = "datetime" // Unix seconds, UTC
)

// Role decides what of a variable may ever leave the private outputs (see
// docs/privacy.md).
type Role string

// Roles.
const (
	RoleDirect    Role = "direct_identifier" // never analysed, never released
	RoleMeta      Role = "meta"              // timestamps, durations, ids: cleaning only
	RoleQuasi     Role = "quasi_identifier"  // released only generalized, k-anonymous
	RoleSensitive Role = "sensitive"         // released only banded
	RoleFreeText  Role = "free_text"         // never released
)

// Theme is the survey area a variable belongs to; trends and the deck are
// organised by it.
type Theme string

// Themes, the survey's own stated areas. A variable without a theme is
// ThemeCompany.
const (
	ThemeSales           Theme = "sales"
	ThemeMarketing       Theme = "marketing"
	ThemeCustomerSuccess Theme = "customer_success"
	ThemeCash            Theme = "cash"
	ThemeAI              Theme = "ai"
	ThemeCompany         Theme = "company"
)

// Themes lists the themes in the order output is organised by.
var Themes = []Theme{ThemeSales, ThemeMarketing, ThemeCustomerSuccess, ThemeCash, ThemeAI, ThemeCompany}

// Title is the theme as people write it ("customer success", "AI").
func (t Theme) Title() string {
	switch t {
	case ThemeCustomerSuccess:
		return "customer success"
	case ThemeAI:
		return "AI"
	}
	return string(t)
}

// Derive computes a variable from another when a wave does not map it
// directly: Map recodes the levels of From (e.g. a fine ARR band to the coarse
// bands every wave shares); with DifferenceFrom (yaml "minus") set, the
// value is From − DifferenceFrom (duration = submitted_at − started_at).
type Derive struct {
	From string            `yaml:"from"`
	Map  map[string]string `yaml:"map,omitempty"`
	// DifferenceFrom, when set, makes the value From − DifferenceFrom.
	DifferenceFrom string `yaml:"minus,omitempty"`
}

// Variable is one canonical variable.
type Variable struct {
	Name   string   `yaml:"name"`
	Label  string   `yaml:"label"`
	Type   string   `yaml:"type"`
	Role   Role     `yaml:"role"`
	Levels []string `yaml:"levels,omitempty"`
	Min    *float64 `yaml:"min,omitempty"` // numeric types: values below are out of range
	Max    *float64 `yaml:"max,omitempty"`
	Derive *Derive  `yaml:"derive,omitempty"`
	Note   string   `yaml:"note,omitempty"`  // comparability caveats, printed in the dictionary
	Theme  Theme    `yaml:"theme,omitempty"` // survey area; empty means ThemeCompany
	// Equivalent marks waves whose different wordings of the question ask the
	// same thing (Amendment 2): a trend may span them, and the report prints
	// the reason. Without it a changed wording breaks comparability.
	Equivalent []Equivalence `yaml:"equivalent,omitempty"`

	norm map[string]int // normalized level label → index
}

// Categorical reports whether the variable takes labelled levels.
func (v *Variable) Categorical() bool {
	return v.Type == TypeSingle || v.Type == TypeOrdinal || v.Type == TypeMulti
}

// LevelIndex returns the index of a canonical level, or -1.
func (v *Variable) LevelIndex(level string) int {
	for i, l := range v.Levels {
		if l == level {
			return i
		}
	}
	return -1
}

// ColumnMap says which variable one export column feeds. The column is
// named by one of Header, Tag or QID (compared after NormalizeHeader), by
// Position alone, or by one of the three plus Position when the file repeats
// the name.
type ColumnMap struct {
	Var    string `yaml:"var"`
	Header string `yaml:"header,omitempty"` // matches survey.Column.Key()
	// Text is the question as it was asked in this wave (Amendment 2: wording
	// is part of comparability); empty means the header is the question.
	Text string `yaml:"text,omitempty"`
	Tag  string `yaml:"tag,omitempty"` // matches the Qualtrics export tag
	QID  string `yaml:"qid,omitempty"` // matches the Qualtrics ImportId
	// Position is the 1-based column of the export: alone it names the
	// column; with a header, tag or qid it picks one of several columns
	// that share that name (and the column there must carry the name).
	Position int `yaml:"position,omitempty"`
	// Option makes this column one choice of a multi-select variable: any
	// non-blank cell means the option was chosen.
	Option string `yaml:"option,omitempty"`
	// Recode maps this wave's answer labels onto canonical levels. Labels not
	// listed are matched against the levels after NormalizeLabel.
	Recode map[string]string `yaml:"recode,omitempty"`
	// Missing maps this column's answer labels to a missing reason
	// ("Prefer not to answer": refused); it overrides the wave's Missing.
	Missing map[string]MissingReason `yaml:"missing,omitempty"`
}

// String names the column as the codebook does, for messages.
func (c ColumnMap) String() string {
	var s string
	switch {
	case c.Tag != "":
		s = "tag " + c.Tag
	case c.QID != "":
		s = "ImportId " + c.QID
	case c.Header != "":
		s = fmt.Sprintf("%q", c.Header)
	default:
		return fmt.Sprintf("position %d", c.Position)
	}
	if c.Position > 0 {
		s += fmt.Sprintf(" at position %d", c.Position)
	}
	return s
}

// Wave is one year's export.
type Wave struct {
	Year       int    `yaml:"year"`
	File       string `yaml:"file"` // relative to the data folder
	Tool       string `yaml:"tool"` // google_forms, typeform, surveymonkey, qualtrics
	HeaderRows int    `yaml:"header_rows"`
	DateOrder  string `yaml:"date_order,omitempty"` // mdy (default) or dmy
	// Timezone is the IANA zone (America/New_York) in which the tool wrote
	// timestamps that carry no offset; empty means UTC.
	Timezone string      `yaml:"timezone,omitempty"`
	Columns  []ColumnMap `yaml:"columns"`
	// Ignore lists columns (by header or tag) that the analysis does not use
	// and that hold nothing personal; any other unmapped column with content
	// stops the run. An entry matches a column whose name equals it, or, as
	// a path.Match pattern, matches the name ("Q*_TEXT"; * does not cross /).
	Ignore []string `yaml:"ignore,omitempty"`
	// Missing maps answer labels to a missing reason in every column of the
	// wave ("Prefer not to answer": refused); a column's own Missing wins.
	Missing map[string]MissingReason `yaml:"missing,omitempty"`

	loc *time.Location // Timezone, loaded
}

// Location is the wave's time zone (UTC when none is given).
func (w *Wave) Location() *time.Location {
	if w.loc == nil {
		return time.UTC
	}
	return w.loc
}

// Codebook is the whole mapping.
type Codebook struct {
	Version   int         `yaml:"version"`
	Variables []*Variable `yaml:"variables"`
	Waves     []*Wave     `yaml:"waves"`
	// DedupePlaceholders replaces DefaultDedupePlaceholders: email or
	// company answers that name nobody and are never a duplicate key.
	DedupePlaceholders []string `yaml:"dedupe_placeholders,omitempty"`

	byName map[string]*Variable
	sha    string
}

// Var returns the named variable, or nil.
func (cb *Codebook) Var(name string) *Variable { return cb.byName[name] }

// SHA256 is the hex digest of the codebook file as read.
func (cb *Codebook) SHA256() string { return cb.sha }

// DefaultDedupePlaceholders are answers to the email and company questions
// that identify nobody ("N/A", "Stealth", "-"): two respondents who both
// wrote one are not duplicates. They are compared folded (lower case,
// letters, digits and @ only), so "n/a", "N.A." and "NA" are one entry.
var DefaultDedupePlaceholders = []string{"", "-", "n/a", "na", "none", "no", "nil", "null", "unknown",
	"stealth", "stealth mode", "stealth startup", "test", "confidential", "private", "undisclosed",
	"prefer not to say", "prefer not to answer", "self", "self-employed", "freelance", "independent",
	"tbd", "x", "xx", "xxx", "company", "my company", "startup", "test@test.com", "test@example.com",
	"none@none.com", "no@no.com", "a@a.com", "noreply@example.com"}

// Placeholders returns the dedupe placeholders in force: the codebook's
// dedupe_placeholders, or DefaultDedupePlaceholders.
func (cb *Codebook) Placeholders() []string {
	if cb.DedupePlaceholders != nil {
		return cb.DedupePlaceholders
	}
	return DefaultDedupePlaceholders
}

// Load reads and validates a codebook file, and checks that every file it
// names lies inside the codebook's folder (the data folder).
func Load(path string) (*Codebook, error) {
	data, err := survey.ReadRegular(path, survey.MaxConfigBytes)
	if err != nil {
		return nil, fmt.Errorf("read codebook: %w", err)
	}
	cb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cb.CheckFiles(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cb, nil
}

// Parse decodes and validates codebook YAML. Unknown fields are errors.
func Parse(data []byte) (*Codebook, error) {
	var cb Codebook
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cb); err != nil {
		return nil, fmt.Errorf("parse codebook: %w", err)
	}
	sum := sha256.Sum256(data)
	cb.sha = hex.EncodeToString(sum[:])
	if err := cb.validate(); err != nil {
		return nil, err
	}
	return &cb, nil
}

var validTypes = map[string]bool{TypeText: true, TypeSingle: true, TypeOrdinal: true, TypeMulti: true,
	TypeInteger: true, TypeNumber: true, TypePercent: true, TypeCurrency: true, TypeDatetime: true}

var validRoles = map[Role]bool{RoleDirect: true, RoleMeta: true, RoleQuasi: true, RoleSensitive: true, RoleFreeText: true}

func (cb *Codebook) validate() error {
	if cb.Version != 1 {
		return fmt.Errorf("codebook version %d not supported (want 1)", cb.Version)
	}
	cb.byName = map[string]*Variable{}
	for i, v := range cb.Variables {
		if err := cb.validateVariable(i, v); err != nil {
			return err
		}
		cb.byName[v.Name] = v
	}
	for _, v := range cb.Variables {
		if err := cb.validateDerive(v); err != nil {
			return err
		}
	}
	years := map[int]string{}
	files := map[string]bool{}
	for i, w := range cb.Waves {
		where := fmt.Sprintf("waves[%d] (%d)", i, w.Year)
		if f, dup := years[w.Year]; dup {
			return fmt.Errorf("%s: two files for year %d (%s and %s)", where, w.Year, f, w.File)
		}
		years[w.Year] = w.File
		if w.File == "" || files[w.File] {
			return fmt.Errorf("%s: file is empty or used by two waves", where)
		}
		files[w.File] = true
		if err := cb.validateWave(where, w); err != nil {
			return err
		}
	}
	for _, v := range cb.Variables {
		if err := cb.validateEquivalent(v); err != nil {
			return err
		}
	}
	return nil
}

// validateVariable checks one variable and builds its level index.
func (cb *Codebook) validateVariable(i int, v *Variable) error {
	where := fmt.Sprintf("variables[%d] (%s)", i, v.Name)
	switch {
	case v.Name == "":
		return fmt.Errorf("variables[%d]: name is empty", i)
	case cb.byName[v.Name] != nil:
		return fmt.Errorf("%s: duplicated variable name", where)
	case v.Name == "year":
		return fmt.Errorf("%s: the name year is reserved", where)
	case !validTypes[v.Type]:
		return fmt.Errorf("%s: unknown type %q", where, v.Type)
	case !validRoles[v.Role]:
		return fmt.Errorf("%s: variable has no valid role (%q): every variable needs one of direct_identifier, meta, quasi_identifier, sensitive, free_text", where, v.Role)
	case v.Theme != "" && !slices.Contains(Themes, v.Theme):
		return fmt.Errorf("%s: unknown theme %q (want one of sales, marketing, customer_success, cash, ai, company)", where, v.Theme)
	case v.Categorical() != (len(v.Levels) > 0):
		return fmt.Errorf("%s: levels are required for single, ordinal and multi types, and only for them", where)
	case v.Type == TypeMulti && len(v.Levels) > dataset.MaxChoices:
		return fmt.Errorf("%s: at most %d options", where, dataset.MaxChoices)
	}
	if v.Theme == "" {
		v.Theme = ThemeCompany
	}
	v.norm = map[string]int{}
	for j, l := range v.Levels {
		n := NormalizeLabel(l)
		if k, dup := v.norm[n]; dup {
			return fmt.Errorf("%s: levels %q and %q are the same after normalization", where, v.Levels[k], l)
		}
		v.norm[n] = j
	}
	return nil
}

// validateDerive checks that a derivation names variables and levels that exist.
func (cb *Codebook) validateDerive(v *Variable) error {
	d := v.Derive
	if d == nil {
		return nil
	}
	src := cb.byName[d.From]
	if src == nil {
		return fmt.Errorf("variable %s: derive.from %q is not a variable", v.Name, d.From)
	}
	if d.DifferenceFrom != "" && cb.byName[d.DifferenceFrom] == nil {
		return fmt.Errorf("variable %s: derive.minus %q is not a variable", v.Name, d.DifferenceFrom)
	}
	for from, to := range d.Map {
		if src.LevelIndex(from) < 0 {
			return fmt.Errorf("variable %s: derive.map key %q is not a level of %s", v.Name, from, src.Name)
		}
		if v.LevelIndex(to) < 0 {
			return fmt.Errorf("variable %s: derive.map value %q is not a level", v.Name, to)
		}
	}
	return nil
}

// validateWave checks one wave's settings and column maps, and loads its time zone.
func (cb *Codebook) validateWave(where string, w *Wave) error {
	switch {
	case w.Year < 2000 || w.Year > 2100:
		return fmt.Errorf("%s: year out of range", where)
	case w.HeaderRows < 1 || w.HeaderRows > 3:
		return fmt.Errorf("%s: header_rows must be 1, 2 or 3", where)
	case w.DateOrder != "" && w.DateOrder != "mdy" && w.DateOrder != "dmy":
		return fmt.Errorf("%s: date_order must be mdy or dmy", where)
	}
	if err := checkRelative(w.File); err != nil {
		return fmt.Errorf("%s: file %q: %w", where, w.File, err)
	}
	if w.Timezone != "" {
		loc, err := time.LoadLocation(w.Timezone)
		if err != nil || w.Timezone == "Local" {
			return fmt.Errorf("%s: timezone %q is not an IANA time zone name (America/New_York)", where, w.Timezone)
		}
		w.loc = loc
	}
	if err := checkMissingMap(where+" missing", w.Missing); err != nil {
		return err
	}
	seen := map[string]bool{}
	for j, c := range w.Columns {
		cw := fmt.Sprintf("%s columns[%d]", where, j)
		if err := cb.validateColumn(cw, c); err != nil {
			return err
		}
		// The same name may stand for several columns (options of two
		// questions); the same name, variable and option is a repeat.
		k := c.String() + "\x00" + c.Var + "\x00" + c.Option
		if seen[k] {
			return fmt.Errorf("%s (%s): column %s mapped twice", cw, c.Var, c.String())
		}
		seen[k] = true
	}
	return nil
}

// validateColumn checks one column map against its variable.
func (cb *Codebook) validateColumn(cw string, c ColumnMap) error {
	v := cb.byName[c.Var]
	if v == nil {
		return fmt.Errorf("%s: unknown variable %q", cw, c.Var)
	}
	n := 0
	for _, s := range []string{c.Header, c.Tag, c.QID} {
		if s != "" {
			n++
		}
	}
	if n > 1 || (n == 0 && c.Position == 0) {
		return fmt.Errorf("%s (%s): give exactly one of header, tag, qid, or a position", cw, c.Var)
	}
	if c.Position < 0 {
		return fmt.Errorf("%s (%s): position %d: columns count from 1", cw, c.Var, c.Position)
	}
	if c.Option != "" && (v.Type != TypeMulti || v.LevelIndex(c.Option) < 0) {
		return fmt.Errorf("%s (%s): option %q is not a level of a multi-select variable", cw, c.Var, c.Option)
	}
	for from, to := range c.Recode {
		if !v.Categorical() || v.LevelIndex(to) < 0 {
			return fmt.Errorf("%s (%s): recode %q → %q: not a level of %s", cw, c.Var, from, to, v.Name)
		}
	}
	return checkMissingMap(fmt.Sprintf("%s (%s) missing", cw, c.Var), c.Missing)
}

// checkMissingMap accepts only the reasons a codebook may give an answer label.
func checkMissingMap(where string, m map[string]MissingReason) error {
	for label, r := range m {
		if !CodebookReasons[r] {
			return fmt.Errorf("%s: %q → %q: reason must be one of not_applicable, dont_know, refused", where, label, r)
		}
	}
	return nil
}

// WaveFor returns the wave whose file is name, or nil.
func (cb *Codebook) WaveFor(name string) *Wave {
	for _, w := range cb.Waves {
		if w.File == name {
			return w
		}
	}
	return nil
}

// WavesAsking returns the years whose wave maps the variable (directly or by derivation), ascending.
func (cb *Codebook) WavesAsking(name string) []int {
	var ys []int
	v := cb.byName[name]
	for _, w := range cb.Waves {
		if w.maps(name) || (v != nil && v.Derive != nil && w.maps(v.Derive.From)) {
			ys = append(ys, w.Year)
		}
	}
	sort.Ints(ys)
	return ys
}

func (w *Wave) maps(name string) bool {
	for _, c := range w.Columns {
		if c.Var == name {
			return true
		}
	}
	return false
}

// WithdrawnFile is the data folder's list of withdrawal requests (read by
// package clean); it is no export, so no wave may name it.
const WithdrawnFile = "withdrawn.csv"

// ErrNoWave is returned for a data file that no wave names.
var ErrNoWave = errors.New("matches no codebook wave")

// NewDataset returns an empty dataset with one column per codebook variable.
func (cb *Codebook) NewDataset() *dataset.Dataset {
	cols := make([]*dataset.Column, len(cb.Variables))
	for i, v := range cb.Variables {
		c := &dataset.Column{Name: v.Name, Levels: v.Levels, Min: v.Min, Max: v.Max}
		switch v.Type {
		case TypeText:
			c.Kind = dataset.Text
		case TypeSingle, TypeOrdinal:
			c.Kind = dataset.Categorical
		case TypeMulti:
			c.Kind = dataset.Multi
		default:
			c.Kind = dataset.Numeric
			c.Time = v.Type == TypeDatetime
		}
		cols[i] = c
	}
	return dataset.New(cols)
}

// Package codebook maps each wave's export columns and answer labels onto one
// canonical set of typed variables, and parses the values respondents type.
//
// A codebook is a YAML file (see README.md, "Codebook format"): a list of
// variables (name, type, role, levels, range) and a list of waves (year, file,
// and for each column of that year's export the variable it feeds, matched by
// header text, Qualtrics export tag or ImportId, with answer recodes).
package codebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"

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

// Roles decide what may ever leave the private outputs (see PRIVACY.md).
const (
	RoleDirect    = "direct_identifier" // never analysed, never released
	RoleMeta      = "meta"              // timestamps, durations, ids: cleaning only
	RoleQuasi     = "quasi_identifier"  // released only generalized, k-anonymous
	RoleSensitive = "sensitive"         // released only banded
	RoleFreeText  = "free_text"         // never released
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
	Role   string   `yaml:"role"`
	Levels []string `yaml:"levels,omitempty"`
	Min    *float64 `yaml:"min,omitempty"` // numeric types: values below are out of range
	Max    *float64 `yaml:"max,omitempty"`
	Derive *Derive  `yaml:"derive,omitempty"`
	Note   string   `yaml:"note,omitempty"`  // comparability caveats, printed in the dictionary
	Theme  Theme    `yaml:"theme,omitempty"` // survey area; empty means ThemeCompany

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

// ColumnMap says which variable one export column feeds.
type ColumnMap struct {
	Var    string `yaml:"var"`
	Header string `yaml:"header,omitempty"` // matches survey.Column.Key()
	Tag    string `yaml:"tag,omitempty"`    // matches the Qualtrics export tag
	QID    string `yaml:"qid,omitempty"`    // matches the Qualtrics ImportId
	// Option makes this column one choice of a multi-select variable: any
	// non-blank cell means the option was chosen.
	Option string `yaml:"option,omitempty"`
	// Recode maps this wave's answer labels onto canonical levels. Labels not
	// listed are matched against the levels after NormalizeLabel.
	Recode map[string]string `yaml:"recode,omitempty"`
}

func (c ColumnMap) String() string {
	switch {
	case c.Tag != "":
		return "tag " + c.Tag
	case c.QID != "":
		return "ImportId " + c.QID
	}
	return fmt.Sprintf("%q", c.Header)
}

// Wave is one year's export.
type Wave struct {
	Year       int         `yaml:"year"`
	File       string      `yaml:"file"` // relative to the data folder
	Tool       string      `yaml:"tool"` // google_forms, typeform, surveymonkey, qualtrics
	HeaderRows int         `yaml:"header_rows"`
	DateOrder  string      `yaml:"date_order,omitempty"` // mdy (default) or dmy
	Columns    []ColumnMap `yaml:"columns"`
	// Ignore lists columns (by header or tag) that the analysis does not use
	// and that hold nothing personal; any other unmapped column with content
	// stops the run.
	Ignore []string `yaml:"ignore,omitempty"`
}

// Codebook is the whole mapping.
type Codebook struct {
	Version   int         `yaml:"version"`
	Variables []*Variable `yaml:"variables"`
	Waves     []*Wave     `yaml:"waves"`

	byName map[string]*Variable
	sha    string
}

// Var returns the named variable, or nil.
func (cb *Codebook) Var(name string) *Variable { return cb.byName[name] }

// SHA256 is the hex digest of the codebook file as read.
func (cb *Codebook) SHA256() string { return cb.sha }

// Load reads and validates a codebook file.
func Load(path string) (*Codebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read codebook: %w", err)
	}
	cb, err := Parse(data)
	if err != nil {
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

var validRoles = map[string]bool{RoleDirect: true, RoleMeta: true, RoleQuasi: true, RoleSensitive: true, RoleFreeText: true}

func (cb *Codebook) validate() error {
	if cb.Version != 1 {
		return fmt.Errorf("codebook version %d not supported (want 1)", cb.Version)
	}
	cb.byName = map[string]*Variable{}
	for i, v := range cb.Variables {
		where := fmt.Sprintf("variables[%d] (%s)", i, v.Name)
		if v.Name == "" {
			return fmt.Errorf("variables[%d]: name is empty", i)
		}
		if _, dup := cb.byName[v.Name]; dup {
			return fmt.Errorf("%s: duplicated variable name", where)
		}
		if v.Name == "year" {
			return fmt.Errorf("%s: the name year is reserved", where)
		}
		if !validTypes[v.Type] {
			return fmt.Errorf("%s: unknown type %q", where, v.Type)
		}
		if !validRoles[v.Role] {
			return fmt.Errorf("%s: variable has no valid role (%q): every variable needs one of direct_identifier, meta, quasi_identifier, sensitive, free_text", where, v.Role)
		}
		if v.Theme == "" {
			v.Theme = ThemeCompany
		}
		if !slices.Contains(Themes, v.Theme) {
			return fmt.Errorf("%s: unknown theme %q (want one of sales, marketing, customer_success, cash, ai, company)", where, v.Theme)
		}
		if v.Categorical() != (len(v.Levels) > 0) {
			return fmt.Errorf("%s: levels are required for single, ordinal and multi types, and only for them", where)
		}
		if v.Type == TypeMulti && len(v.Levels) > 52 {
			return fmt.Errorf("%s: at most 52 options", where)
		}
		v.norm = map[string]int{}
		for j, l := range v.Levels {
			n := NormalizeLabel(l)
			if k, dup := v.norm[n]; dup {
				return fmt.Errorf("%s: levels %q and %q are the same after normalization", where, v.Levels[k], l)
			}
			v.norm[n] = j
		}
		cb.byName[v.Name] = v
	}
	for _, v := range cb.Variables {
		if d := v.Derive; d != nil {
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
		}
	}
	years := map[int]string{}
	files := map[string]bool{}
	for i, w := range cb.Waves {
		where := fmt.Sprintf("waves[%d] (%d)", i, w.Year)
		if w.Year < 2000 || w.Year > 2100 {
			return fmt.Errorf("%s: year out of range", where)
		}
		if f, dup := years[w.Year]; dup {
			return fmt.Errorf("%s: two files for year %d (%s and %s)", where, w.Year, f, w.File)
		}
		years[w.Year] = w.File
		if w.File == "" || files[w.File] {
			return fmt.Errorf("%s: file is empty or used by two waves", where)
		}
		files[w.File] = true
		if w.HeaderRows < 1 || w.HeaderRows > 3 {
			return fmt.Errorf("%s: header_rows must be 1, 2 or 3", where)
		}
		if w.DateOrder != "" && w.DateOrder != "mdy" && w.DateOrder != "dmy" {
			return fmt.Errorf("%s: date_order must be mdy or dmy", where)
		}
		seen := map[string]bool{}
		for j, c := range w.Columns {
			cw := fmt.Sprintf("%s columns[%d]", where, j)
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
			if n != 1 {
				return fmt.Errorf("%s (%s): give exactly one of header, tag, qid", cw, c.Var)
			}
			k := c.String()
			if seen[k] {
				return fmt.Errorf("%s (%s): column %s mapped twice", cw, c.Var, k)
			}
			seen[k] = true
			if c.Option != "" {
				if v.Type != TypeMulti || v.LevelIndex(c.Option) < 0 {
					return fmt.Errorf("%s (%s): option %q is not a level of a multi-select variable", cw, c.Var, c.Option)
				}
			}
			for from, to := range c.Recode {
				if !v.Categorical() || v.LevelIndex(to) < 0 {
					return fmt.Errorf("%s (%s): recode %q → %q: not a level of %s", cw, c.Var, from, to, v.Name)
				}
			}
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

// ErrNoWave is returned for a data file that no wave names.
var ErrNoWave = errors.New("matches no codebook wave")

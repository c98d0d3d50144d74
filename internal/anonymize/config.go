package anonymize

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// DefaultK and DefaultL are the k and ℓ of docs/privacy.md, which a data
// folder without release.yaml is reported against (it makes no release).
const DefaultK, DefaultL = 5, 3

// Suppressed is the released value of a suppressed cell.
const Suppressed = "*"

// Licenses are the licences a release may carry (license: in release.yaml),
// as SPDX ids; package kit writes their LICENSE file.
var Licenses = []string{"CC-BY-4.0", "ODC-By-1.0"}

// QI is one quasi-identifier's generalization hierarchy. Level 0 is the
// variable's own levels (or, for a numeric variable, Bands; for a
// multi-select, the set of chosen options); each entry of Levels maps the
// previous level's labels onto coarser ones (for a multi-select, each
// option, and the set is the set of mapped options); the last level,
// implicit, is Suppressed ("*").
type QI struct {
	Variable string              `yaml:"variable"`
	Bands    *Bands              `yaml:"bands,omitempty"` // numeric quasi-identifiers only
	Levels   []map[string]string `yaml:"levels,omitempty"`

	multi bool // a multi-select: labels are "; "-joined sets of options
}

// Height is the number of generalization steps up to "*".
func (q *QI) Height() int { return len(q.Levels) + 1 }

// Bands cuts a number into fixed intervals [edge_i, edge_{i+1}) with a
// bottom code below the first edge and a top code at or above the last.
type Bands struct {
	Edges  []float64 `yaml:"edges"`
	Labels []string  `yaml:"labels"` // len(Edges)+1 labels, bottom code first
}

// Label returns the band of x ("" for NaN).
func (b *Bands) Label(x float64) string {
	if i := b.index(x); i >= 0 {
		return b.Labels[i]
	}
	return ""
}

// index is the index of x's band among Labels (-1 for NaN).
func (b *Bands) index(x float64) int {
	if math.IsNaN(x) {
		return -1
	}
	return sort.Search(len(b.Edges), func(i int) bool { return b.Edges[i] > x })
}

// ExtractSpec is one released file: the variables it carries and the
// waves it covers. Hypothesis names the pre-registered hypothesis whose
// tests the extract lets a reader rerun ("" for a theme extract).
type ExtractSpec struct {
	Name             string   `yaml:"name"`
	Hypothesis       string   `yaml:"hypothesis,omitempty"`
	Theme            string   `yaml:"theme,omitempty"`
	Years            []int    `yaml:"years,omitempty"` // empty: every wave
	QuasiIdentifiers []string `yaml:"quasi_identifiers"`
	Sensitive        []string `yaml:"sensitive"`
}

// Config is data/release.yaml.
type Config struct {
	Version int `yaml:"version"`
	K       int `yaml:"k"`
	L       int `yaml:"l"`
	// MaxModalShare is the largest share one value may have within an
	// equivalence class, per sensitive column (for a multi-select option:
	// the share that chose it).
	MaxModalShare float64 `yaml:"max_modal_share"`
	// MaxSuppression is the largest share of an extract's rows the lattice
	// search may suppress (delete) to reach k.
	MaxSuppression   float64           `yaml:"max_suppression"`
	QuasiIdentifiers []QI              `yaml:"quasi_identifiers"`
	SensitiveBands   map[string]*Bands `yaml:"sensitive_bands"`
	// Related lists groups of variables any one of which reveals another;
	// a suppressed cell suppresses the group's other cells in the row, and
	// a fully suppressed quasi-identifier takes the group's others with it.
	// Codebook derivations (derive.from) are added automatically.
	Related  [][]string     `yaml:"related,omitempty"`
	Extracts []*ExtractSpec `yaml:"extracts"`
	// Pinned holds, per extract, the generalization level each
	// quasi-identifier had in the last published release; the lattice
	// search never goes below it (a later release may only coarsen).
	Pinned map[string]map[string]int `yaml:"pinned,omitempty"`
	// Drop lists variables left out of the release, with the reason.
	Drop map[string]string `yaml:"drop"`
	// Project names the survey the releases belong to; a previous release
	// of another project is refused.
	Project string `yaml:"project,omitempty"`
	// Previous is the last published release's public/ folder, relative
	// to the data folder ("" before the first release). Its waves are
	// re-emitted as published (history.go).
	Previous string `yaml:"previous,omitempty"`
	// WeakerThanPolicy is the reason for a k, l or modal-share cap weaker
	// than the policy floors (DefaultK, DefaultL, DefaultModalShare); the
	// disclosure report prints it at the top.
	WeakerThanPolicy string `yaml:"weaker_than_policy,omitempty"`
	// License is the SPDX id of the public release's licence (Licenses).
	License string `yaml:"license,omitempty"`

	sha       string
	fileK     int
	noPartial bool // tests' control: no partial-knowledge suppression
	qiByV     map[string]*QI
	groups    map[string][]string // variable → related variables (itself excluded)
}

// SHA256 is the hex digest of the configuration file as read.
func (c *Config) SHA256() string { return c.sha }

// ConfigK is k as written in the configuration file, before any -k raise.
func (c *Config) ConfigK() int { return c.fileK }

// RaiseK sets k to at least k; a lower value is an error (k may only rise).
func (c *Config) RaiseK(k int) error {
	if k < c.fileK {
		return fmt.Errorf("-k %d is below k = %d of the release config: k may only be raised", k, c.fileK)
	}
	c.K = k
	return nil
}

// Hierarchy returns the hierarchy of a quasi-identifier (nil if none).
func (c *Config) Hierarchy(name string) *QI { return c.qiByV[name] }

// RelatedTo returns the variables related to name (derived from it, or
// listed with it under related), sorted.
func (c *Config) RelatedTo(name string) []string { return c.groups[name] }

// LoadConfig reads release.yaml (a regular file of at most
// survey.MaxConfigBytes) and validates it against the codebook; a missing
// file is an error wrapping fs.ErrNotExist.
func LoadConfig(path string, cb *codebook.Codebook) (*Config, error) {
	data, err := survey.ReadRegular(path, survey.MaxConfigBytes)
	if err != nil {
		return nil, fmt.Errorf("read release config: %w", err)
	}
	c, err := ParseConfig(data, cb)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseConfig decodes and validates release configuration YAML. It fails
// closed: every codebook variable must be accounted for by its role and
// this configuration.
func ParseConfig(data []byte, cb *codebook.Codebook) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("parse release config: %w", err)
	}
	sum := sha256.Sum256(data)
	c.sha = hex.EncodeToString(sum[:])
	c.fileK = c.K
	if c.Version != 2 {
		return nil, fmt.Errorf("release config version %d not supported (want 2)", c.Version)
	}
	if c.License != "" && !slices.Contains(Licenses, c.License) {
		return nil, fmt.Errorf("release config: license %q is none of %s", c.License, strings.Join(Licenses, ", "))
	}
	if c.K < 2 || c.L < 1 || !(c.MaxModalShare > 0 && c.MaxModalShare <= 1) || !(c.MaxSuppression >= 0 && c.MaxSuppression < 1) {
		return nil, fmt.Errorf("release config: need k >= 2, l >= 1, max_modal_share in (0, 1], max_suppression in [0, 1)")
	}
	if err := c.checkFloors(); err != nil {
		return nil, err
	}
	for _, check := range []func(*codebook.Codebook) error{c.checkLabels, c.checkHierarchies, c.checkBands, c.checkExtracts, c.checkRoles, c.checkPinned} {
		if err := check(cb); err != nil {
			return nil, err
		}
	}
	c.groups = relatedGroups(cb, c.Related)
	return &c, nil
}

// DefaultModalShare is the modal-share cap of docs/privacy.md. With
// DefaultK and DefaultL it is a floor of release.yaml ("Floors").
const DefaultModalShare = 0.6

// checkFloors refuses a k, l or modal-share cap weaker than the policy
// unless weaker_than_policy gives the reason.
func (c *Config) checkFloors() error {
	var weak []string
	if c.K < DefaultK {
		weak = append(weak, fmt.Sprintf("k = %d below %d", c.K, DefaultK))
	}
	if c.L < DefaultL {
		weak = append(weak, fmt.Sprintf("l = %d below %d", c.L, DefaultL))
	}
	if c.MaxModalShare > DefaultModalShare {
		weak = append(weak, fmt.Sprintf("max_modal_share = %g above %g", c.MaxModalShare, DefaultModalShare))
	}
	if len(weak) > 0 && strings.TrimSpace(c.WeakerThanPolicy) == "" {
		return fmt.Errorf("release config: %s is weaker than the policy; give the reason in weaker_than_policy", strings.Join(weak, ", "))
	}
	return nil
}

// Weaker reports whether the configuration is below a policy floor.
func (c *Config) Weaker() bool {
	return c.fileK < DefaultK || c.L < DefaultL || c.MaxModalShare > DefaultModalShare
}

func (c *Config) checkHierarchies(cb *codebook.Codebook) error {
	c.qiByV = map[string]*QI{}
	for i := range c.QuasiIdentifiers {
		q := &c.QuasiIdentifiers[i]
		v := cb.Var(q.Variable)
		if v == nil {
			return fmt.Errorf("quasi_identifiers: %q is not a codebook variable", q.Variable)
		}
		if v.Role != codebook.RoleQuasi {
			return fmt.Errorf("quasi_identifiers: %s has role %s, not quasi_identifier", v.Name, v.Role)
		}
		if v.Categorical() == (q.Bands != nil) {
			return fmt.Errorf("quasi_identifiers: %s: bands are for numeric variables, and required for them", v.Name)
		}
		if _, dup := c.qiByV[v.Name]; dup {
			return fmt.Errorf("quasi_identifiers: %s has two hierarchies", v.Name)
		}
		q.multi = v.Type == codebook.TypeMulti
		prev := v.Levels
		if q.Bands != nil {
			if err := q.Bands.check(); err != nil {
				return fmt.Errorf("quasi_identifiers: %s: %w", v.Name, err)
			}
			prev = q.Bands.Labels
		}
		// Each level must map every label of the level below.
		for l, m := range q.Levels {
			next := map[string]bool{}
			for _, lab := range prev {
				to, ok := m[lab]
				if !ok {
					return fmt.Errorf("quasi_identifiers: %s level %d does not cover %q", v.Name, l+1, lab)
				}
				next[to] = true
			}
			prev = sortedKeys(next)
		}
		c.qiByV[v.Name] = q
	}
	return nil
}

func (c *Config) checkBands(cb *codebook.Codebook) error {
	for name, b := range c.SensitiveBands {
		v := cb.Var(name)
		if v == nil || v.Role != codebook.RoleSensitive || v.Categorical() || v.Type == codebook.TypeText {
			return fmt.Errorf("sensitive_bands: %q is not a numeric sensitive variable", name)
		}
		if err := b.check(); err != nil {
			return fmt.Errorf("sensitive_bands: %s: %w", name, err)
		}
	}
	return nil
}

func (c *Config) checkExtracts(cb *codebook.Codebook) error {
	if len(c.Extracts) == 0 {
		return fmt.Errorf("extracts: none defined")
	}
	names := map[string]bool{}
	for i, x := range c.Extracts {
		where := fmt.Sprintf("extracts[%d] (%s)", i, x.Name)
		if x.Name == "" || len(x.Name) > 31 || x.Name == "dictionary" || strings.ContainsAny(x.Name, "/\\.:*?[] ") || names[x.Name] {
			return fmt.Errorf("%s: name must be unique, 1 to 31 characters (a sheet name), not \"dictionary\", without . / \\ : * ? [ ] or spaces", where)
		}
		names[x.Name] = true
		seen := map[string]bool{}
		for _, name := range x.QuasiIdentifiers {
			if c.qiByV[name] == nil {
				return fmt.Errorf("%s: quasi-identifier %s has no hierarchy", where, name)
			}
			if seen[name] {
				return fmt.Errorf("%s: %s listed twice", where, name)
			}
			seen[name] = true
		}
		for _, name := range x.Sensitive {
			v := cb.Var(name)
			if v == nil || v.Role != codebook.RoleSensitive {
				return fmt.Errorf("%s: %q is not a sensitive codebook variable", where, name)
			}
			if !v.Categorical() && c.SensitiveBands[name] == nil {
				return fmt.Errorf("%s: sensitive number %s has no bands", where, name)
			}
			if seen[name] {
				return fmt.Errorf("%s: %s listed twice", where, name)
			}
			seen[name] = true
		}
		if err := c.checkJoin(x, seen); err != nil {
			return err
		}
	}
	return nil
}

// checkJoin refuses two extracts sharing more than two variables besides
// the year: the pairwise rule guarantees k candidates for a join on at most
// two shared columns, no more.
func (c *Config) checkJoin(x *ExtractSpec, vars map[string]bool) error {
	for _, y := range c.Extracts {
		if y == x {
			return nil
		}
		var shared []string
		for _, name := range append(append([]string(nil), y.QuasiIdentifiers...), y.Sensitive...) {
			if vars[name] {
				shared = append(shared, name)
			}
		}
		if len(shared) > 2 {
			return fmt.Errorf("extracts %s and %s share %d variables (%s): at most 2 besides the year, or their rows could be joined",
				y.Name, x.Name, len(shared), strings.Join(shared, ", "))
		}
	}
	return nil
}

func (c *Config) checkRoles(cb *codebook.Codebook) error {
	released := map[string]bool{}
	for _, x := range c.Extracts {
		for _, n := range append(append([]string(nil), x.QuasiIdentifiers...), x.Sensitive...) {
			released[n] = true
		}
	}
	for _, v := range cb.Variables {
		_, dropped := c.Drop[v.Name]
		switch v.Role {
		case codebook.RoleDirect, codebook.RoleMeta, codebook.RoleFreeText:
			if released[v.Name] || c.qiByV[v.Name] != nil || c.SensitiveBands[v.Name] != nil {
				return fmt.Errorf("%s (%s) may never be released", v.Name, v.Role)
			}
		case codebook.RoleQuasi:
			if !released[v.Name] && !dropped {
				return fmt.Errorf("quasi-identifier %s is in no extract and is not dropped", v.Name)
			}
		case codebook.RoleSensitive:
			if !v.Categorical() && c.SensitiveBands[v.Name] == nil && !dropped {
				return fmt.Errorf("sensitive number %s has no bands and is not dropped", v.Name)
			}
			if !released[v.Name] && !dropped {
				return fmt.Errorf("sensitive variable %s is in no extract and is not dropped", v.Name)
			}
		default:
			return fmt.Errorf("%s has no role: the release fails closed", v.Name)
		}
		if dropped && released[v.Name] {
			return fmt.Errorf("%s is both dropped and in an extract", v.Name)
		}
	}
	for name := range c.Drop {
		if cb.Var(name) == nil {
			return fmt.Errorf("drop: %q is not a codebook variable", name)
		}
	}
	for _, g := range c.Related {
		for _, name := range g {
			if cb.Var(name) == nil {
				return fmt.Errorf("related: %q is not a codebook variable", name)
			}
		}
	}
	return nil
}

func (c *Config) checkPinned(*codebook.Codebook) error {
	for name, lv := range c.Pinned {
		var x *ExtractSpec
		for _, e := range c.Extracts {
			if e.Name == name {
				x = e
			}
		}
		if x == nil {
			return fmt.Errorf("pinned: %q is not an extract", name)
		}
		for v, l := range lv {
			q := c.qiByV[v]
			in := false
			for _, n := range x.QuasiIdentifiers {
				in = in || n == v
			}
			if q == nil || !in {
				return fmt.Errorf("pinned: %s: %q is not one of its quasi-identifiers", name, v)
			}
			if l < 0 || l > q.Height() {
				return fmt.Errorf("pinned: %s: %s level %d outside 0..%d", name, v, l, q.Height())
			}
		}
	}
	return nil
}

// unsafeLead reports whether a label starts with a character a spreadsheet
// reads as the start of a formula (or that hides it: tab, CR).
func unsafeLead(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// checkLabels refuses labels that would reach a public cell and start a
// formula in a spreadsheet: hierarchy and band labels, extract names, and
// the codebook levels and names of released variables.
func (c *Config) checkLabels(cb *codebook.Codebook) error {
	bad := func(where, s string) error {
		if unsafeLead(s) {
			return fmt.Errorf("%s: label %q starts with %q, which a spreadsheet reads as a formula", where, s, s[:1])
		}
		return nil
	}
	var errs []error
	for _, q := range c.QuasiIdentifiers {
		for l, m := range q.Levels {
			for _, to := range m {
				errs = append(errs, bad(fmt.Sprintf("quasi_identifiers: %s level %d", q.Variable, l+1), to))
			}
		}
		if q.Bands != nil {
			for _, lab := range q.Bands.Labels {
				errs = append(errs, bad("quasi_identifiers: "+q.Variable+" bands", lab))
			}
		}
	}
	for name, b := range c.SensitiveBands {
		for _, lab := range b.Labels {
			errs = append(errs, bad("sensitive_bands: "+name, lab))
		}
	}
	for _, x := range c.Extracts {
		errs = append(errs, bad("extracts", x.Name))
		for _, n := range append(append([]string(nil), x.QuasiIdentifiers...), x.Sensitive...) {
			v := cb.Var(n)
			if v == nil {
				continue // reported by checkExtracts
			}
			errs = append(errs, bad("codebook variable", v.Name), bad("codebook "+v.Name+" label", v.Label))
			for _, l := range v.Levels {
				errs = append(errs, bad("codebook "+v.Name+" levels", l))
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// relatedGroups joins the configured groups with the codebook's
// derivations into variable → related variables.
func relatedGroups(cb *codebook.Codebook, groups [][]string) map[string][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		return x
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for _, g := range groups {
		for _, n := range g[1:] {
			union(g[0], n)
		}
	}
	for _, v := range cb.Variables {
		if v.Derive != nil && v.Derive.DifferenceFrom == "" {
			union(v.Name, v.Derive.From)
		}
	}
	members := map[string][]string{}
	for _, v := range cb.Variables {
		members[find(v.Name)] = append(members[find(v.Name)], v.Name)
	}
	out := map[string][]string{}
	for _, ms := range members {
		if len(ms) < 2 {
			continue
		}
		sort.Strings(ms)
		for _, m := range ms {
			for _, o := range ms {
				if o != m {
					out[m] = append(out[m], o)
				}
			}
		}
	}
	return out
}

func (b *Bands) check() error {
	if len(b.Edges) == 0 || len(b.Labels) != len(b.Edges)+1 {
		return fmt.Errorf("bands need edges and one more label than edges")
	}
	for i := 1; i < len(b.Edges); i++ {
		if !(b.Edges[i] > b.Edges[i-1]) {
			return fmt.Errorf("band edges must increase")
		}
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Package anonymize builds the public, respondent-level release: it drops
// direct identifiers, meta variables and free text, generalizes the
// quasi-identifiers along fixed hierarchies to k-anonymity (within each
// year), bands sensitive numbers with top and bottom codes, enforces
// ℓ-diversity per sensitive column by cell suppression, and sorts rows by
// their released values. The rules come from a versioned release.yaml; the
// roles come from the codebook (see PRIVACY.md).
package anonymize

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/gtmsurvey/gtmsurvey/internal/codebook"
)

// Suppressed is the released value of a suppressed cell.
const Suppressed = "*"

// QI is one quasi-identifier's generalization hierarchy. Level 0 is the
// variable's own levels (or, for a numeric variable, Bands); each entry of
// Levels maps the previous level's labels onto coarser ones; the last level,
// implicit, is Suppressed ("*").
type QI struct {
	Variable string              `yaml:"variable"`
	Bands    *Bands              `yaml:"bands,omitempty"` // numeric quasi-identifiers only
	Levels   []map[string]string `yaml:"levels,omitempty"`
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
	if math.IsNaN(x) {
		return ""
	}
	i := sort.Search(len(b.Edges), func(i int) bool { return b.Edges[i] > x })
	return b.Labels[i]
}

// Config is data/release.yaml.
type Config struct {
	Version int `yaml:"version"`
	K       int `yaml:"k"`
	L       int `yaml:"l"`
	// MaxModalShare is the largest share one band may have within an
	// equivalence class, per sensitive column (homogeneity).
	MaxModalShare float64 `yaml:"max_modal_share"`
	// MaxSuppression is the largest share of rows the lattice search may
	// suppress (delete) to reach k.
	MaxSuppression   float64           `yaml:"max_suppression"`
	QuasiIdentifiers []QI              `yaml:"quasi_identifiers"`
	SensitiveBands   map[string]*Bands `yaml:"sensitive_bands"`
	// Drop lists variables left out of the release, with the reason.
	Drop map[string]string `yaml:"drop"`

	sha string
}

// SHA256 is the hex digest of the configuration file as read.
func (c *Config) SHA256() string { return c.sha }

// LoadConfig reads and validates release.yaml against the codebook.
func LoadConfig(path string, cb *codebook.Codebook) (*Config, error) {
	data, err := os.ReadFile(path)
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
	if c.Version != 1 {
		return nil, fmt.Errorf("release config version %d not supported (want 1)", c.Version)
	}
	if c.K < 2 || c.L < 1 || !(c.MaxModalShare > 0 && c.MaxModalShare <= 1) || !(c.MaxSuppression >= 0 && c.MaxSuppression < 1) {
		return nil, fmt.Errorf("release config: need k >= 2, l >= 1, max_modal_share in (0, 1], max_suppression in [0, 1)")
	}
	qi := map[string]bool{}
	for i := range c.QuasiIdentifiers {
		q := &c.QuasiIdentifiers[i]
		v := cb.Var(q.Variable)
		if v == nil {
			return nil, fmt.Errorf("quasi_identifiers: %q is not a codebook variable", q.Variable)
		}
		if v.Role != codebook.RoleQuasi {
			return nil, fmt.Errorf("quasi_identifiers: %s has role %s, not quasi_identifier", v.Name, v.Role)
		}
		if v.Categorical() == (q.Bands != nil) {
			return nil, fmt.Errorf("quasi_identifiers: %s: bands are for numeric variables, and required for them", v.Name)
		}
		if q.Bands != nil {
			if err := q.Bands.check(); err != nil {
				return nil, fmt.Errorf("quasi_identifiers: %s: %w", v.Name, err)
			}
		}
		// Each level must map every label of the level below.
		prev := v.Levels
		if q.Bands != nil {
			prev = q.Bands.Labels
		}
		for l, m := range q.Levels {
			next := map[string]bool{}
			for _, lab := range prev {
				to, ok := m[lab]
				if !ok {
					return nil, fmt.Errorf("quasi_identifiers: %s level %d does not cover %q", v.Name, l+1, lab)
				}
				next[to] = true
			}
			prev = sortedKeys(next)
		}
		qi[v.Name] = true
	}
	for name, b := range c.SensitiveBands {
		v := cb.Var(name)
		if v == nil || v.Role != codebook.RoleSensitive || v.Categorical() || v.Type == codebook.TypeText {
			return nil, fmt.Errorf("sensitive_bands: %q is not a numeric sensitive variable", name)
		}
		if err := b.check(); err != nil {
			return nil, fmt.Errorf("sensitive_bands: %s: %w", name, err)
		}
	}
	for _, v := range cb.Variables {
		_, dropped := c.Drop[v.Name]
		_, banded := c.SensitiveBands[v.Name]
		switch v.Role {
		case codebook.RoleDirect, codebook.RoleMeta, codebook.RoleFreeText:
			if qi[v.Name] || banded {
				return nil, fmt.Errorf("%s (%s) may never be released", v.Name, v.Role)
			}
		case codebook.RoleQuasi:
			if !qi[v.Name] && !dropped {
				return nil, fmt.Errorf("quasi-identifier %s has no hierarchy and is not dropped", v.Name)
			}
		case codebook.RoleSensitive:
			if !v.Categorical() && !banded && !dropped {
				return nil, fmt.Errorf("sensitive number %s has no bands and is not dropped", v.Name)
			}
		default:
			return nil, fmt.Errorf("%s has no role: the release fails closed", v.Name)
		}
	}
	for name := range c.Drop {
		if cb.Var(name) == nil {
			return nil, fmt.Errorf("drop: %q is not a codebook variable", name)
		}
	}
	return &c, nil
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

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/gtmsurvey/gtmsurvey/hypotheses"
	"github.com/gtmsurvey/gtmsurvey/trends"
)

// Sensitivity is a hypothesis re-run with the quality rules switched off.
type Sensitivity struct {
	Verdict   string  `json:"verdict_without_quality_rules"`
	PValue    float64 `json:"p_value_without_quality_rules"`
	PAdjusted float64 `json:"p_adjusted_without_quality_rules"`
	N         int     `json:"n_without_quality_rules"`
	Changed   bool    `json:"cleaning_changed_verdict"`
}

// HypothesisOut is one entry of results.json.
type HypothesisOut struct {
	hypotheses.Result
	Sensitivity Sensitivity `json:"sensitivity"`
}

// Results is the content of results.json.
type Results struct {
	Tool            string                       `json:"tool"`
	Options         hypotheses.Options           `json:"options"`
	Family          string                       `json:"family_correction"`
	SecondaryFamily string                       `json:"secondary_correction"`
	Hypotheses      []HypothesisOut              `json:"hypotheses"`
	Ledger          []map[string]any             `json:"ledger"`
	Extra           map[string]map[string]string `json:"notes,omitempty"`
	Trends          *trends.Result               `json:"trends,omitempty"` // the exploratory trends stage
}

// NewResults joins the main and the sensitivity reports.
func NewResults(main, raw hypotheses.Report) Results {
	r := Results{Tool: "gtmsurvey", Options: main.Options,
		Family:          fmt.Sprintf("Holm across the five primary p-values (each the max of its parts, intersection-union), alpha = %g", main.Options.Alpha),
		SecondaryFamily: fmt.Sprintf("Benjamini-Hochberg across all secondary tests, q = %g", main.Options.Alpha)}
	for i, h := range main.Results {
		s := raw.Results[i]
		r.Hypotheses = append(r.Hypotheses, HypothesisOut{Result: h, Sensitivity: Sensitivity{
			Verdict: s.Verdict, PValue: s.PValue, PAdjusted: s.PAdjusted, N: s.N, Changed: s.Verdict != h.Verdict}})
	}
	return r
}

// JSON renders v as indented JSON with NaN and ±Inf as null (encoding/json
// refuses them), keys in declaration order for structs and sorted for maps.
func JSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sanitize(reflect.ValueOf(v))); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return b.Bytes(), nil
}

// ordered keeps struct field order when encoding.
type ordered struct {
	keys []string
	vals []any
}

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func sanitize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return sanitize(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return []any{}
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = sanitize(v.Index(i))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[fmt.Sprint(k.Interface())] = sanitize(v.MapIndex(k))
		}
		return out
	case reflect.Struct:
		var o ordered
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && tag == "" {
				inner := sanitize(v.Field(i))
				if io, ok := inner.(ordered); ok {
					o.keys = append(o.keys, io.keys...)
					o.vals = append(o.vals, io.vals...)
				}
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			o.keys = append(o.keys, name)
			o.vals = append(o.vals, sanitize(fv))
		}
		return o
	default:
		return v.Interface()
	}
}

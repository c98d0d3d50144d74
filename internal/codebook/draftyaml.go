package codebook

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// YAML renders the draft as a wave block to paste under waves: in
// codebook.yaml, with a comment per column (confidence, header and label
// scores, answers nothing reads) and the unmatched columns listed as
// comments: a draft never ignores a column nobody looked at.
func (dr *Draft) YAML() []byte {
	var b bytes.Buffer
	w := dr.Wave
	fmt.Fprintf(&b, "  # proposed by analyze codebook draft: check every line, then paste under waves:\n")
	fmt.Fprintf(&b, "  - year: %d\n    file: %s\n", w.Year, scalar(w.File))
	if w.Tool == "" {
		fmt.Fprintf(&b, "    tool: unknown # give google_forms, typeform, surveymonkey or qualtrics\n")
	} else {
		fmt.Fprintf(&b, "    tool: %s # guessed from the header layout\n", w.Tool)
	}
	fmt.Fprintf(&b, "    header_rows: %d\n    columns:\n", w.HeaderRows)
	var ignore, unmatched []DraftColumn
	for _, c := range dr.Columns {
		switch {
		case c.Map.Var != "":
			writeDraftColumn(&b, c)
		case c.IgnoredIn != 0:
			ignore = append(ignore, c)
		default:
			unmatched = append(unmatched, c)
		}
	}
	if len(ignore) > 0 {
		b.WriteString("    ignore:\n")
		for _, c := range ignore {
			fmt.Fprintf(&b, "      - %s # column %d, ignored in %d\n", scalar(c.Name), c.Index+1, c.IgnoredIn)
		}
	}
	if len(unmatched) > 0 {
		b.WriteString("    # no variable matched these columns: map them, or list them under ignore if they hold nothing personal\n")
		for _, c := range unmatched {
			note := ""
			if c.Empty {
				note = " (empty)"
			}
			fmt.Fprintf(&b, "    #   column %d %s%s\n", c.Index+1, strconv.Quote(BoundText(c.Name)), note)
		}
	}
	return b.Bytes()
}

func writeDraftColumn(b *bytes.Buffer, c DraftColumn) {
	score := fmt.Sprintf("header %.2f", c.Header)
	if c.Labels >= 0 {
		score += fmt.Sprintf(", answers %.2f", c.Labels)
	}
	if len(c.Rivals) > 0 {
		score += "; as likely: " + strings.Join(c.Rivals, ", ")
	}
	fmt.Fprintf(b, "      - var: %s # confidence %.2f (%s)\n", c.Map.Var, c.Confidence, score)
	m := c.Map
	switch {
	case m.Tag != "":
		fmt.Fprintf(b, "        tag: %s\n", scalar(m.Tag))
	case m.Header != "":
		fmt.Fprintf(b, "        header: %s\n", scalar(m.Header))
	}
	if m.Text != "" {
		fmt.Fprintf(b, "        text: %s # the question as asked this wave\n", scalar(m.Text))
	}
	if m.Position > 0 {
		fmt.Fprintf(b, "        position: %d # the header is not unique in this file\n", m.Position)
	}
	if m.Option != "" {
		fmt.Fprintf(b, "        option: %s\n", scalar(m.Option))
	}
	if len(m.Recode) > 0 {
		b.WriteString("        recode: # from earlier waves\n")
		for _, k := range sortedKeys(m.Recode) {
			fmt.Fprintf(b, "          %s: %s\n", scalar(k), scalar(m.Recode[k]))
		}
	}
	if len(c.Unmatched) > 0 {
		parts := make([]string, 0, len(c.Unmatched))
		for _, k := range sortedKeys(c.Unmatched) {
			parts = append(parts, fmt.Sprintf("%s %d", strconv.Quote(k), c.Unmatched[k]))
		}
		if len(parts) > 20 {
			parts = append(parts[:20], fmt.Sprintf("and %d more", len(parts)-20))
		}
		fmt.Fprintf(b, "        # answers no level or recode reads: %s\n", strings.Join(parts, ", "))
	}
}

// scalar renders s as a one-line YAML scalar, quoted when YAML needs it.
func scalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil || bytes.Count(bytes.TrimSpace(out), []byte("\n")) > 0 {
		return strconv.Quote(s)
	}
	return string(bytes.TrimSpace(out))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

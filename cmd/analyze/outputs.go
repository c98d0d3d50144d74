package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/gtmsurvey/gtmsurvey/docs"
	"github.com/gtmsurvey/gtmsurvey/internal/anonymize"
	"github.com/gtmsurvey/gtmsurvey/internal/kit/cards"
	"github.com/gtmsurvey/gtmsurvey/internal/report"
	"github.com/gtmsurvey/gtmsurvey/internal/survey"
)

// reportInput gathers what the report shows from the earlier stages: pages
// are the charts' page images by figure name (addCharts).
func reportInput(ld *loaded, results report.Results, rel released, alpha float64, pages map[string][]byte) report.Input {
	return report.Input{
		Plan:       docs.AnalysisPlan,
		Results:    results,
		Waves:      report.WaveSummaries(ld.in.Reports, ld.in.Ledger.Tally()),
		Disclosure: disclosure(rel, ld.kept.Len(), alpha),
		Charts:     pages,
		Trends:     trendSummaries(results.Trends),
	}
}

// addReport renders report.html and report.md into files.
func addReport(files map[string][]byte, in report.Input) error {
	var err error
	if files["report.html"], err = report.HTML(in); err != nil {
		return err
	}
	files["report.md"], err = report.Markdown(in)
	return err
}

// disclosure is the public release in figures for the report.
func disclosure(rel released, respondents int, alpha float64) *report.DisclosureSummary {
	if rel.r == nil {
		return nil
	}
	c := rel.r.Config
	d := &report.DisclosureSummary{ConfigSHA256: c.SHA256(), K: c.K, L: c.L, Respondents: respondents,
		ReportPath: "public/" + anonymize.Disclosure}
	for _, x := range rel.r.Extracts {
		s := report.ExtractSummary{Name: x.Spec.Name, Released: x.Len(), Offered: rel.in[x.Spec.Name], SmallestClass: x.MinClass}
		a := rel.attacks[x.Spec.Name]
		for _, l := range []anonymize.Linkage{a.Declared, a.Colleague, a.AnyTwo, a.CrossYear} {
			s.MaxLinkage, s.SingledOut = max(s.MaxLinkage, l.MaxProb), s.SingledOut+l.Unique
		}
		for _, n := range x.SuppressedCells {
			s.SuppressedCells += n
		}
		d.Extracts = append(d.Extracts, s)
		if h, ok := rel.heads[x.Spec.Name]; ok {
			d.Headlines = append(d.Headlines, report.HeadlineCheck{ID: h.ID, Comparison: h.Comparison,
				Private: h.Private, Public: h.Public, SameDirection: h.SameDirection(), SameSign: h.SameSignificance(alpha)})
		}
	}
	return d
}

// manifest describes the run's inputs, settings and program; Commit adds
// the outputs.
func manifest(o runOptions, ld *loaded, rel released) (report.Manifest, error) {
	m := report.Manifest{Tool: "gtmsurvey", Program: report.ProgramInfo(), Seed: o.analysis.Seed, Options: o.flags,
		Unlisted: []string{"private/" + cards.Dir + "/"}} // the card names are secret
	var err error
	if m.Codebook, err = hashUnchanged(o.dataDir, "codebook.yaml", ld.cb.SHA256()); err != nil {
		return m, err
	}
	if rel.r != nil { // absent: release_config stays empty
		if m.ReleaseConfig, err = hashUnchanged(o.dataDir, "release.yaml", rel.r.Config.SHA256()); err != nil {
			return m, err
		}
	}
	for _, in := range ld.in.Inputs {
		rel, err := filepath.Rel(o.dataDir, in.Path)
		if err != nil {
			rel = filepath.Base(in.Path)
		}
		// The hash of the bytes the reader parsed, taken while it read them.
		h := report.HashedFile{Path: filepath.ToSlash(rel), Bytes: in.Bytes, SHA256: in.SHA256}
		m.Inputs = append(m.Inputs, report.InputFile{HashedFile: h, Year: in.Year, Rows: in.Rows})
	}
	return m, nil
}

// hashUnchanged hashes a configuration file again (bounded, regular files
// only, as it was read) and checks it against the hash taken when it was
// read, so the manifest names the bytes the run used.
func hashUnchanged(dataDir, name, read string) (report.HashedFile, error) {
	data, err := survey.ReadRegular(filepath.Join(dataDir, name), survey.MaxConfigBytes)
	if err != nil {
		return report.HashedFile{}, fmt.Errorf("hash input: %w", err)
	}
	sum := sha256.Sum256(data)
	h := report.HashedFile{Path: filepath.ToSlash(name), Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	if read != "" && h.SHA256 != read {
		err = fmt.Errorf("%s: changed while the run was reading it", filepath.Join(dataDir, name))
	}
	return h, err
}

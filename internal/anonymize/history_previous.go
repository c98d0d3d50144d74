package anonymize

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestFile lists the sha256 of every other public file of a release,
// one "hex  name" line each (the format of sha256sum, so `sha256sum -c
// SHA256SUMS` checks a copy by hand). The next release reads the previous
// one only through it.
const ManifestFile = "SHA256SUMS"

// maxPublicFile bounds one previous public file read into memory.
const maxPublicFile = 1 << 30

// Manifest renders ManifestFile for the public files (names relative to
// public/), in name order.
func Manifest(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		if n != ManifestFile {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), n)
	}
	return b.Bytes()
}

// Previous is the last published release, read and checked: every file its
// manifest lists, with that hash.
type Previous struct {
	Dir string // as named in release.yaml
	Gen Generalization
	// ManifestSHA256 is the hash of its manifest: the report names the
	// previous release by it (no path).
	ManifestSHA256 string
	files          map[string][]byte // by name in public/
}

// LoadPrevious reads the previous release named in release.yaml (dir is
// already joined to the data folder) and checks it: every file its
// manifest lists is present with that sha256, it is a release of the same
// project, and no published wave is finer than release.yaml pins. Each
// error is one line naming the file.
func LoadPrevious(dir string, c *Config) (*Previous, error) {
	manifest := filepath.Join(dir, ManifestFile)
	b, err := readBounded(manifest)
	if err != nil {
		return nil, fmt.Errorf("previous release: %w", err)
	}
	sum := sha256.Sum256(b)
	p := &Previous{Dir: dir, files: map[string][]byte{}, ManifestSHA256: hex.EncodeToString(sum[:])}
	for n, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || !filepath.IsLocal(filepath.FromSlash(name)) || path.Clean(name) != name {
			return nil, fmt.Errorf("previous release: %s: line %d: not \"sha256  file name\" (a name inside the folder)", manifest, n+1)
		}
		file := filepath.Join(dir, filepath.FromSlash(name))
		data, err := readBounded(file)
		if err != nil {
			return nil, fmt.Errorf("previous release: %w (listed in %s)", err, manifest)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != strings.ToLower(sum) {
			return nil, fmt.Errorf("previous release: %s: sha256 differs from %s (the file was changed after publication)", file, manifest)
		}
		p.files[name] = data
	}
	if err := p.readGeneralization(c); err != nil {
		return nil, fmt.Errorf("previous release: %w", err)
	}
	return p, nil
}

func readBounded(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", path)
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxPublicFile {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, maxPublicFile)
	}
	return os.ReadFile(path)
}

// readGeneralization parses the previous generalization.yaml and checks its
// project and levels against the configuration.
func (p *Previous) readGeneralization(c *Config) error {
	path := filepath.Join(p.Dir, GeneralizationFile)
	b, ok := p.files[GeneralizationFile]
	if !ok {
		return fmt.Errorf("%s: not listed in %s", path, ManifestFile)
	}
	g, err := ParseGeneralization(b)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if g.Project != c.Project {
		return fmt.Errorf("%s: a release of project %q, not %q (release.yaml project:)", path, g.Project, c.Project)
	}
	p.Gen = g
	for _, x := range c.Extracts {
		for _, y := range g.Years[x.Name] {
			lv := g.levelsOf(x.Name, y)
			for _, q := range x.QuasiIdentifiers {
				if pin := c.Pinned[x.Name][q]; lv[q] < pin {
					return fmt.Errorf("%s: extract %s wave %d shows %s at level %d, finer than pinned %d in release.yaml",
						path, x.Name, y, q, lv[q], pin)
				}
			}
		}
	}
	return nil
}

// levelsOf is the levels a published wave's rows are at.
func (g Generalization) levelsOf(extract string, year int) map[string]int {
	if lv, ok := g.WaveLevels[extract][year]; ok {
		return lv
	}
	return g.Pinned[extract]
}

// published returns the published rows of an extract, by wave, and false
// when the previous release did not have it. Its header must be the
// extract's: a published extract's columns are frozen.
func (p *Previous) published(x *Extract) (map[int][][]string, bool, error) {
	name := CSVName(x.Spec.Name)
	b, ok := p.files[name]
	if !ok {
		return nil, false, nil
	}
	path := filepath.Join(p.Dir, name)
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, false, fmt.Errorf("previous release: %s: %w", path, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(x.Header, ",") {
		return nil, false, fmt.Errorf("previous release: %s: its columns differ from extract %s's (a published extract's columns are frozen; publish the change as a new extract)", path, x.Spec.Name)
	}
	out := map[int][][]string{}
	for _, r := range recs[1:] {
		var y int
		if _, err := fmt.Sscan(r[0], &y); err != nil {
			return nil, false, fmt.Errorf("previous release: %s: year %q is not a number", path, r[0])
		}
		out[y] = append(out[y], r)
	}
	return out, true, nil
}

// Files is the number of files the manifest listed and the run checked.
func (p *Previous) Files() int { return len(p.files) }

// Trends is the previous release's public trends.csv (nil when none).
func (p *Previous) Trends() []byte { return p.files[TrendsCSV] }

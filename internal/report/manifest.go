package report

import (
	"crypto/sha256"
	"encoding/hex"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
)

// Manifest is out/manifest.json: what a run read, with which settings and
// program, and what it wrote. It holds no timestamps and no absolute
// paths, so the same inputs, options and program give the same bytes.
type Manifest struct {
	Tool    string  `json:"tool"`
	Program Program `json:"program"`
	// Inputs are the exports read, in year order.
	Inputs        []InputFile `json:"inputs"`
	Codebook      HashedFile  `json:"codebook"`
	ReleaseConfig HashedFile  `json:"release_config"`
	Seed          uint64      `json:"seed"`
	// Options are the settings that shape the outputs, by flag name, as
	// their flags print them (defaults included).
	Options map[string]string `json:"options"`
	// Outputs are every other file of the run, by path, filled in by Commit.
	Outputs []OutputFile `json:"outputs"`
	// Unlisted are output folders (slash paths ending in "/") whose file
	// names are secret (the where-you-stand cards): Commit lists each as
	// one entry summing its files instead of naming them.
	Unlisted []string `json:"-"`
}

// Program identifies the build that made the outputs.
type Program struct {
	Path      string `json:"path"`       // main module path
	Version   string `json:"version"`    // module version, "(devel)" for a local build
	GoVersion string `json:"go_version"` // toolchain
	Revision  string `json:"vcs_revision,omitempty"`
	Modified  bool   `json:"vcs_modified,omitempty"` // built from a tree with uncommitted changes
}

// HashedFile is a file by name with its size in bytes and sha256 (hex).
type HashedFile struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// InputFile is one export read: name, size, hash and data rows read.
type InputFile struct {
	HashedFile
	Year int `json:"year"`
	Rows int `json:"rows_read"`
}

// OutputFile is one file written, relative to the output folder, or an
// unlisted folder (Path ends in "/"): its Files files, their total Bytes,
// and the sha256 of their sha256s (hex, one a line, sorted), which names
// no file.
type OutputFile struct {
	Path   string `json:"path"`
	Files  int    `json:"files,omitempty"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// unlist replaces the entries under each unlisted folder by one entry for
// the folder, in path order.
func unlist(out []OutputFile, folders []string) []OutputFile {
	for _, dir := range folders {
		sum := OutputFile{Path: dir}
		var sums []string
		kept := out[:0:0]
		for _, o := range out {
			if !strings.HasPrefix(o.Path, dir) {
				kept = append(kept, o)
				continue
			}
			sum.Files, sum.Bytes = sum.Files+1, sum.Bytes+o.Bytes
			sums = append(sums, o.SHA256+"\n")
		}
		if sum.Files == 0 {
			continue
		}
		sort.Strings(sums)
		h := sha256.Sum256([]byte(strings.Join(sums, "")))
		sum.SHA256 = hex.EncodeToString(h[:])
		i := sort.Search(len(kept), func(i int) bool { return kept[i].Path > dir })
		out = slices.Insert(kept, i, sum)
	}
	return out
}

// ProgramInfo reads the running binary's build information. Outside a
// module build (for example some test binaries) fields are empty.
func ProgramInfo() Program {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Program{}
	}
	p := Program{Path: bi.Main.Path, Version: bi.Main.Version, GoVersion: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			p.Revision = s.Value
		case "vcs.modified":
			p.Modified = s.Value == "true"
		}
	}
	return p
}

// JSON renders the manifest as indented JSON.
func (m Manifest) JSON() ([]byte, error) {
	if m.Outputs == nil {
		m.Outputs = []OutputFile{}
	}
	return JSON(m)
}

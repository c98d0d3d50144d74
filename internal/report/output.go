package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestName is the file Commit writes last, beside the other outputs.
const ManifestName = "manifest.json"

// ErrNotOutputFolder is returned by Commit when the output folder holds files
// but no earlier run's manifest.json or results.json: replacing it whole
// could delete something that is not ours.
var ErrNotOutputFolder = errors.New("exists and is not an analyze output folder (no manifest.json or results.json)")

// Commit writes a run's files (slash paths relative to outDir → content)
// and then manifest.json, which lists every one of them with its sha256
// (the files of an unlisted folder summed up in one entry, m.Unlisted),
// into a new staging folder beside outDir, and then swaps the staging
// folder in for outDir. The swap is two renames on one file system: until
// the first, outDir is untouched; after the second, it holds exactly the
// new outputs (files of the previous run that this run does not write are
// gone). If writing fails or ctx is cancelled before the swap, the staging
// folder is removed and outDir is left as it was; a rename that fails
// midway puts the previous folder back. Staging folders that a killed run
// left behind are removed first.
//
// outDir must not exist, be empty, or hold an earlier run's outputs
// (manifest.json or results.json); anything else is ErrNotOutputFolder.
func Commit(ctx context.Context, outDir string, files map[string][]byte, m Manifest) error {
	if err := CheckOutDir(outDir); err != nil {
		return err
	}
	parent, base := filepath.Split(filepath.Clean(outDir))
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	removeStale(parent, base)
	stage, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return fmt.Errorf("create staging folder: %w", err)
	}
	defer os.RemoveAll(stage)                      // a no-op once the stage has become outDir
	if err := os.Chmod(stage, 0o755); err != nil { // MkdirTemp makes it 0700
		return fmt.Errorf("create staging folder: %w", err)
	}
	m.Outputs, err = writeFiles(ctx, stage, files)
	if err != nil {
		return err
	}
	m.Outputs = unlist(m.Outputs, m.Unlisted)
	man, err := m.JSON()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(stage, ManifestName), man, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", ManifestName, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return swap(stage, filepath.Clean(outDir))
}

// removeStale deletes staging and old folders that a killed run (SIGKILL,
// power loss) left beside outDir; Commit removes its own in every other
// case. Two runs into one folder at the same time are not supported.
func removeStale(parent, base string) {
	for _, pattern := range []string{"." + base + ".staging-*", "." + base + ".old-*"} {
		matches, _ := filepath.Glob(filepath.Join(parent, pattern))
		for _, m := range matches {
			os.RemoveAll(m)
		}
	}
}

// CheckOutDir refuses an existing, non-empty folder that no run wrote.
func CheckOutDir(outDir string) error {
	entries, err := os.ReadDir(outDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder %s: %w", outDir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (n == ManifestName || n == "results.json") {
			return nil
		}
	}
	return fmt.Errorf("output folder %s %w", outDir, ErrNotOutputFolder)
}

// writeFiles writes files under dir in path order and returns each one's
// size and sha256. A path must be relative and stay inside dir.
func writeFiles(ctx context.Context, dir string, files map[string][]byte) ([]OutputFile, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]OutputFile, 0, len(names))
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !validOutputPath(n) {
			return nil, fmt.Errorf("write %s: not a relative path inside the output folder", n)
		}
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, fmt.Errorf("write %s: %w", n, err)
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", n, err)
		}
		sum := sha256.Sum256(files[n])
		out = append(out, OutputFile{Path: n, Bytes: len(files[n]), SHA256: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

func validOutputPath(n string) bool {
	return n != "" && n != ManifestName && path.Clean(n) == n && !path.IsAbs(n) &&
		n != ".." && !strings.HasPrefix(n, "../") && !strings.Contains(n, `\`)
}

// swap replaces dst by stage: dst (if any) is renamed aside, stage takes
// its name, and the old folder is removed. If the second rename fails the
// old folder is put back.
func swap(stage, dst string) error {
	if _, err := os.Lstat(dst); err != nil {
		if err := os.Rename(stage, dst); err != nil {
			return fmt.Errorf("replace %s: %w", dst, err)
		}
		return nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(stage), "."+filepath.Base(dst)+".old-")
	if err != nil {
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	old := filepath.Join(tmp, "out")
	if err := os.Rename(dst, old); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	if err := os.Rename(stage, dst); err != nil {
		if rerr := os.Rename(old, dst); rerr != nil {
			return fmt.Errorf("replace %s: %w (previous outputs left in %s: %v)", dst, err, old, rerr)
		}
		os.Remove(tmp)
		return fmt.Errorf("replace %s: %w", dst, err)
	}
	return os.RemoveAll(tmp)
}

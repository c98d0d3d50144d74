package codebook

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// checkRelative refuses a wave file name that could leave the data folder:
// absolute paths, drive or UNC names, and any ".." element.
func checkRelative(name string) error {
	switch {
	case filepath.IsAbs(name) || strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || filepath.VolumeName(name) != "":
		return errors.New("must be relative to the data folder, not absolute")
	case strings.ContainsRune(name, 0):
		return errors.New("contains a NUL byte")
	}
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == ".." {
			return errors.New(`must stay inside the data folder (no "..")`)
		}
	}
	return nil
}

// CheckFiles checks that every wave's file, with symbolic links resolved,
// lies inside dir. A file that does not exist is left for the reader to
// report.
func (cb *Codebook) CheckFiles(dir string) error {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	root, err = filepath.Abs(root)
	if err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	for _, w := range cb.Waves {
		real, err := filepath.EvalSymlinks(filepath.Join(dir, w.File))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("wave %d: file %q: %w", w.Year, w.File, err)
		}
		if real, err = filepath.Abs(real); err != nil {
			return fmt.Errorf("wave %d: file %q: %w", w.Year, w.File, err)
		}
		rel, err := filepath.Rel(root, real)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
			return fmt.Errorf("wave %d: file %q resolves to %s, outside the data folder", w.Year, w.File, real)
		}
	}
	return nil
}

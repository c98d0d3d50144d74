package synth

import _ "embed"

//go:embed release.yaml
var releaseYAML []byte

// ReleaseConfig returns the release.yaml written beside the sample data:
// the public-release rules for the sample codebook (docs/privacy.md).
func ReleaseConfig() []byte { return append([]byte(nil), releaseYAML...) }

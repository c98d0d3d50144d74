package synth

import _ "embed"

// releaseYAML is the public-release configuration every synthetic data
// folder carries, so that `analyze -data DIR` runs on it as written
// (data/release.yaml is this file, as synth writes it).
//
//go:embed release.yaml
var releaseYAML []byte

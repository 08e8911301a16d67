// Package mapping holds the process map: the model a consultant writes in a
// workshop (owners as swimlanes, systems, steps with durations and staffing,
// edges with branch probabilities), its YAML file format parsed with
// positions, validation that reports every problem as file:line:col, and
// path statistics — handoffs, system switches, the happy path and the
// expected figures per case computed as an absorbing Markov chain.
//
// The package sits at the bottom of flowmap: analysis, simulate and render
// build on it, it imports only the standard library, gonum and flowmap's
// internal/yamlpos (positioned YAML decoding, the only importer of the YAML
// library) and internal/diag (positions and positioned errors). The model
// (map.go) knows no file format: the YAML format lives in parse.go and
// encode.go, and other formats plug in beside it.
package mapping

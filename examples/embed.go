package examples

import "embed"

// FS holds the example maps (and later logs and scenarios) so that
// `flowmap demo` and tests can use them without a checkout.
//
//go:embed *.yaml
var FS embed.FS

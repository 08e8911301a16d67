package examples

import "embed"

// FS holds the example maps, scenarios and the order event log so that
// `flowmap demo` and tests can use them without a checkout.
//
//go:embed *.yaml orders.csv.gz
var FS embed.FS

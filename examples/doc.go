// Package examples embeds the example process maps, scenarios and event log
// that the README, `flowmap demo` and the tests use:
//
//   - order-fulfillment.yaml: an online store's current-state order flow
//     (the workshop map);
//   - workshop-seed.yaml: the six steps a workshop starts from, as
//     `flowmap map template` writes them in the workshop spreadsheet;
//   - returns-refund.yaml: returns approved twice, in two systems;
//   - support-escalation.yaml: tiered support looping back to the customer;
//   - flash-sale.yaml: Black Friday x10 peak on the order flow, with what-ifs;
//   - what-if.yaml: a claims hotline with the map inline, a queue limit and rework;
//   - order-history.yaml and orders.csv.gz: ten weeks of simulated order
//     events (2,392 orders) generated from the order flow, for the demo.
package examples

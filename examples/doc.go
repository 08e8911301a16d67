// Package examples embeds the example process maps, event logs and
// scenarios that the README, `flowmap demo` and the tests use:
// order-fulfillment.yaml (an online store's current-state order flow),
// returns-refund.yaml (two approvals and many handoffs) and
// support-escalation.yaml (tiered support looping back to the customer).
package examples

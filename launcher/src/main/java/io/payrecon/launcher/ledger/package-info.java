/**
 * The ledger check: after the system has quiesced, what the provider (the sandbox) settled and what the gateway
 * accepted is compared with what the reconciler shows, publishes and recorded. Any difference is a discrepancy,
 * printed per order.
 */
package io.payrecon.launcher.ledger;

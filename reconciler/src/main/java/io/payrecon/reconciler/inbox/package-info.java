/**
 * What arrived and what became of it: processed link events, webhook deliveries with their outcome, payments
 * counted once by business key, webhooks parked until their link arrives, and dead letters. Written in the same
 * transaction as the state change, so deduplication never depends on catching exceptions.
 */
package io.payrecon.reconciler.inbox;

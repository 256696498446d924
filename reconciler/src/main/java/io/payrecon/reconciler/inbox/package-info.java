/**
 * What arrived and what became of it: link events, webhook deliveries and provider observations processed, with
 * their outcome; payments counted once by business key; webhooks parked until their link arrives; the index of dead
 * letters. Written in the same transaction as the state change, so deduplication never depends on catching
 * exceptions.
 */
package io.payrecon.reconciler.inbox;

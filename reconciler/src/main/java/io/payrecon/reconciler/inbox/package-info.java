/**
 * What arrived and what became of it: link events, webhook deliveries and provider observations processed, with
 * their outcome ({@code Inbox}); payments counted once by business key ({@code CountedPayments}); webhooks parked until
 * their link arrives ({@code ParkedWebhooks}); the index of dead letters ({@code DeadLetterStore}). Written in the same transaction as the state change, so deduplication never depends on catching
 * exceptions.
 */
package io.payrecon.reconciler.inbox;

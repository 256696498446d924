/**
 * The figures an on-call engineer watches that live in the database: dead letters not yet retried or discarded,
 * parked webhooks and overdue polls. Counted every few seconds, not on each scrape.
 */
package io.payrecon.reconciler.metrics;

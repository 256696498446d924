/**
 * The operators' API under {@code /admin} (each operator's own key in {@code X-Admin-Key}, see the access package):
 * an order's whole story, parked webhooks and dead letters (listed, retried, discarded), polling now, re-publishing
 * status events, replaying the log, and the audit log every operation is written to before it runs; plus the gauge
 * to alert on stale parking.
 */
package io.payrecon.reconciler.admin;

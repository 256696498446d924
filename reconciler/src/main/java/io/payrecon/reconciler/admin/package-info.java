/**
 * The operators' API under {@code /admin} ({@code X-Admin-Key}): an order's whole story, parked webhooks and dead
 * letters (listed, retried, discarded), polling now, re-publishing status events, replaying the log, and the audit
 * log every operation is written to; plus the gauge to alert on stale parking.
 */
package io.payrecon.reconciler.admin;

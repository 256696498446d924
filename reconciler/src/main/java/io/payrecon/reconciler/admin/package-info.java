/**
 * The operators' API under {@code /admin} ({@code X-Admin-Key}): webhooks parked for too long, records sent to the
 * dead-letter topics; and the gauge to alert on stale parking.
 */
package io.payrecon.reconciler.admin;

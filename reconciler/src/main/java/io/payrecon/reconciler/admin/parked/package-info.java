/** Webhooks parked because their payment link has not arrived: listed, retried once their request id is known, and the gauge to alert on stale parking. */
package io.payrecon.reconciler.admin.parked;

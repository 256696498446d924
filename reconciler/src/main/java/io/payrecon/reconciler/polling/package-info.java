/**
 * The polling fallback for missed webhooks: a ladder of {@code GET /v2/request/{requestId}} per request of an open
 * order, within the provider's rate limit, whose answers go to {@code payments.provider-observations.v1}.
 */
package io.payrecon.reconciler.polling;

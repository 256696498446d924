/**
 * Delivering signed webhooks to {@code sandbox.webhook-url} with the provider's headers and retry schedule, the
 * delivery faults that misdeliver them on purpose, the delivery log and test deliveries.
 */
package io.payrecon.sandbox.webhook;

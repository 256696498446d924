/**
 * Receiving the provider's webhooks: bound and verify the raw body, read the few fields the log is keyed by, and
 * append a {@code webhook.received} to the webhooks topic, answering 2xx only once the broker acknowledged it.
 */
package io.payrecon.gateway.webhook;

/**
 * The webhook gateway: the provider's webhooks in, {@code webhook.received} on the log out, 2xx only after the
 * broker acknowledged. Its configuration ({@link io.payrecon.gateway.GatewayProperties}) and broker readiness.
 */
package io.payrecon.gateway;

/**
 * Orders and their payment status: the state machine ({@link io.payrecon.reconciler.order.PaymentTransitions},
 * plain Java), its storage ({@code Orders}), the application service that applies link events and provider
 * webhooks in one transaction per batch, and the read API.
 */
package io.payrecon.reconciler.order;

/**
 * Secure payment links as the provider keeps them: creating and reading them, requests and the payment search
 * ({@code /v2}), paying them through the {@link io.payrecon.sandbox.payment.Checkout} (hosted page and controls
 * under {@code /sandbox/payments}), and the webhooks each payment causes.
 */
package io.payrecon.sandbox.payment;

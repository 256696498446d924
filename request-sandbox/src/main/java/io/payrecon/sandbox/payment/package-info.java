/**
 * Secure payment links as the provider keeps them: creating and reading them ({@code /v2}), the placeholder hosted
 * page, and the control that simulates a payment and sends its webhook ({@code /sandbox/payments/{token}}).
 */
package io.payrecon.sandbox.payment;

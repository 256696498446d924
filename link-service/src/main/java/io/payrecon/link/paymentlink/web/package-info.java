/**
 * The HTTP API over payment links: {@code /api/payment-links} for order systems, {@code /pay/{orderId}} for payers,
 * and every error as {@code application/problem+json}.
 */
package io.payrecon.link.paymentlink.web;

/**
 * Payment links: creating an order's link at the provider (at most one per order, idempotent for a repeated
 * request), storing it with its {@code payment-link.created} event in one transaction, reading it, and
 * redirecting payers to it.
 */
package io.payrecon.link.paymentlink;

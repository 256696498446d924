/**
 * Issuing an order's first payment link: at most one per order at the provider, the existing link answered for a
 * repeated request, {@code payment-link.created} committed with it.
 */
package io.payrecon.link.paymentlink.issue;

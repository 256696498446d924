/**
 * Payment links through their life: creating an order's link at the provider (at most one per order, idempotent
 * for a repeated request), sending payers to it and renewing it once expired (for what is left to pay, never for a
 * paid order), announcing expiries, and reading an order's links. Every change is committed with its
 * {@code payment-link.*} event through the outbox.
 */
package io.payrecon.link.paymentlink;

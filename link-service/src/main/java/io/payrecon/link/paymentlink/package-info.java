/**
 * Payment links through their life: creating an order's link at the provider (at most one per order, idempotent
 * for a repeated request), sending payers to it and renewing it once expired (for what is left to pay, never for a
 * paid order), announcing expiries, and reading an order's links. Every change is committed with its
 * {@code payment-link.*} event through the outbox.
 *
 * <p>This package is the core the jobs share: the order and its links ({@link io.payrecon.link.paymentlink.LinkOrder},
 * {@link io.payrecon.link.paymentlink.PaymentLink}), the owners of their tables, and the order's claim that creation
 * and renewal both take ({@link io.payrecon.link.paymentlink.OrderClaims}). The jobs sit in sub-packages:
 * {@code issue} and {@code renewal} make links, {@code expiry} announces expiries, {@code web} is the HTTP API over
 * them. Dependencies point one way, web to the jobs and the jobs to this core, as {@code ArchitectureTest} checks.
 */
package io.payrecon.link.paymentlink;

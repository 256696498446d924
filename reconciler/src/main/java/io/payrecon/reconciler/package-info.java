/**
 * The reconciler: consumes the durable log idempotently, keeps each order's payment status and emits every change
 * of it to {@code orders.payment-status.v1} through the outbox.
 */
package io.payrecon.reconciler;

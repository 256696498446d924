/**
 * What link-service knows of each order's payment: the last {@code order.payment-status-changed} it consumed from
 * {@code orders.payment-status.v1} (the reconciler's verdict), kept idempotently by sequence.
 */
package io.payrecon.link.paymentstatus;

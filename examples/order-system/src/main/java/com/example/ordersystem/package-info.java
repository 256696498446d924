/**
 * An order system's side of the payment status: it keeps each order's status from {@code orders.payment-status.v1},
 * idempotently by {@code sequence}, bootstrapping from the compacted {@code orders.payment-status-latest.v1} when its
 * table is empty (docs/consumers.md). It depends on nothing of the pipeline's code, only on the published contract.
 */
package com.example.ordersystem;

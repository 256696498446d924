package io.payrecon.events;

/** An order's payment status, as architecture §3 defines it. */
public enum PaymentStatus {
    AWAITING_PAYMENT,
    PARTIALLY_PAID,
    PAID,
    PAYMENT_FAILED,
    EXPIRED,
    REFUNDED
}

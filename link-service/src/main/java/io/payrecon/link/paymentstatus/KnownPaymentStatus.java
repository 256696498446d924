package io.payrecon.link.paymentstatus;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The last payment status link-service saw for an order on {@code orders.payment-status.v1}.
 *
 * @param expectedAmount what the reconciler expects in total, when it said so
 * @param sequence the event's place in the order's changes (1, 2, 3, …)
 * @param eventId the event that set it
 */
public record KnownPaymentStatus(
        String orderId,
        PaymentStatus status,
        BigDecimal paidAmount,
        BigDecimal expectedAmount,
        String currency,
        long sequence,
        UUID eventId,
        Instant occurredAt) {

    /** Paid in full, or paid and refunded: no new link may be created for the order. */
    public boolean settled() {
        return status == PaymentStatus.PAID || status == PaymentStatus.REFUNDED;
    }
}

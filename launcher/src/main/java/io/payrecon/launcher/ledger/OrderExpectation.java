package io.payrecon.launcher.ledger;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What the reconciler must show for one order, derived from what the provider settled.
 *
 * @param exists link-service created the order (so the reconciler must know it)
 * @param paid everything the provider received for the order's requests
 * @param refunded everything the provider gave back
 * @param requestIds the provider request ids of all the order's links
 */
public record OrderExpectation(
        String orderId,
        boolean exists,
        PaymentStatus status,
        BigDecimal expectedAmount,
        BigDecimal paid,
        BigDecimal refunded,
        Set<String> requestIds) {

    public OrderExpectation {
        requestIds = Set.copyOf(requestIds);
    }

    /**
     * The status the provider's facts imply: refunded once everything received was given back, paid once the
     * amount was received, partially paid when some was, and otherwise failed only when the reconciler can know
     * it (a {@code payment.failed} reached the gateway: a failure is never visible to polling), else awaiting.
     *
     * @param failureDelivered a {@code payment.failed} of one of the order's requests was accepted by the gateway
     */
    public static PaymentStatus implied(
            BigDecimal expectedAmount, BigDecimal paid, BigDecimal refunded, boolean failureDelivered) {
        if (refunded.signum() > 0 && refunded.compareTo(paid) >= 0) {
            return PaymentStatus.REFUNDED;
        }
        if (paid.signum() > 0 && paid.compareTo(expectedAmount) >= 0) {
            return PaymentStatus.PAID;
        }
        if (paid.signum() > 0) {
            return PaymentStatus.PARTIALLY_PAID;
        }
        return failureDelivered ? PaymentStatus.PAYMENT_FAILED : PaymentStatus.AWAITING_PAYMENT;
    }

    String describe() {
        return "%s, paid %s of %s, refunded %s at the provider"
                .formatted(status, paid.toPlainString(), expectedAmount.toPlainString(), refunded.toPlainString());
    }
}

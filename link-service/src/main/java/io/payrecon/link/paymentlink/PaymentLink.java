package io.payrecon.link.paymentlink;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One secure payment link the provider created for an order.
 *
 * @param feePlan the provider's fee plan as JSON, or null: stored, not interpreted
 * @param expiresAt creation plus {@code links.expiry}: the provider returns no expiry of its own
 */
record PaymentLink(
        String token,
        String orderId,
        String securePaymentUrl,
        List<String> requestIds,
        BigDecimal amount,
        String feePlan,
        Status status,
        Instant createdAt,
        Instant expiresAt) {

    PaymentLink {
        requestIds = List.copyOf(requestIds);
    }

    enum Status {
        /** The order's current link. */
        ACTIVE
    }

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}

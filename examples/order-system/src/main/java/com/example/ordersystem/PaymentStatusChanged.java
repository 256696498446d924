package com.example.ordersystem;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code order.payment-status-changed} as this service reads it: the fields it uses, and nothing it would break on.
 * Unknown fields are ignored; {@code status} is a string, so a status added in a later minor version is stored, not
 * refused (docs/consumers.md, "Unknown values"). Amounts are decimal strings on the wire, {@code BigDecimal} here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentStatusChanged(
        UUID eventId,
        String type,
        String orderId,
        String status,
        Long sequence,
        BigDecimal expectedAmount,
        BigDecimal paidAmount,
        BigDecimal refundedAmount,
        String currency,
        List<String> flags,
        Boolean republished) {

    static final String TYPE = "order.payment-status-changed";

    /** The statuses of contract 1.1; any other is recorded but never acted on. */
    static final Set<String> KNOWN_STATUSES =
            Set.of("AWAITING_PAYMENT", "PARTIALLY_PAID", "PAID", "PAYMENT_FAILED", "EXPIRED", "REFUNDED");

    PaymentStatusChanged {
        refundedAmount = refundedAmount == null ? BigDecimal.ZERO : refundedAmount; // absent before contract 1.1
        flags = flags == null ? List.of() : List.copyOf(flags);
        republished = Boolean.TRUE.equals(republished);
    }

    /** True when this service knows what the status means; business decisions read only such statuses. */
    boolean hasKnownStatus() {
        return KNOWN_STATUSES.contains(status);
    }

    /** What every event of this type has; without it the record is not one (see {@link StatusEventReader}). */
    boolean isComplete() {
        return eventId != null
                && orderId != null
                && status != null
                && sequence != null
                && sequence >= 1
                && expectedAmount != null
                && paidAmount != null
                && currency != null;
    }
}

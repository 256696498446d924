package io.payrecon.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order's payment status changed. Opening an order (awaiting payment) is not a change and emits no event:
 * the first event of an order is its first change after that.
 *
 * @param previousStatus the status before this change; {@code AWAITING_PAYMENT} for an order's first event
 * @param sequence 1, 2, 3, … per order with no gaps, so a consumer can tell it missed one
 * @param paidAmount everything the order received, refunds not deducted: it never decreases
 * @param refundedAmount what was given back to the payer (added in contract 1.1: zero when an event written before
 *     it is read)
 * @param flags what an operator must see: {@code overpaid}, {@code paidAfterExpiry}, {@code duplicatePayment}
 * @param republished true when an operator re-emitted this event for a consumer that lost data
 */
public record OrderPaymentStatusChanged(
        UUID eventId,
        Instant occurredAt,
        String orderId,
        PaymentStatus status,
        PaymentStatus previousStatus,
        long sequence,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal expectedAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal refundedAmount,
        String currency,
        Cause cause,
        List<String> flags,
        boolean republished)
        implements OrderStatusEvent {

    public OrderPaymentStatusChanged {
        refundedAmount = refundedAmount == null ? BigDecimal.ZERO : refundedAmount;
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    @Override
    public String key() {
        return orderId;
    }

    /**
     * What caused the change.
     *
     * @param eventId the id of the event that was applied
     * @param kind what it was, such as {@code payment.confirmed} or {@code payment-link.created}
     * @param deliveryId the provider's delivery id, when a webhook caused it
     */
    public record Cause(UUID eventId, String kind, String deliveryId) {}
}

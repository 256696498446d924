package io.payrecon.reconciler.order;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of an order's history: its opening (sequence 0) or a change, as {@code order_history} keeps it. This is
 * the one place an order's change becomes its {@code order.payment-status-changed}: live application, a rebuild's
 * corrections and republishing all build the event from here.
 *
 * @param previousStatus {@code null} for the opening
 * @param statusEventId the id of the status event the change emitted; {@code null} for the opening, which emits none
 */
public record OrderChange(
        String orderId,
        long sequence,
        PaymentStatus previousStatus,
        PaymentStatus status,
        BigDecimal expectedAmount,
        BigDecimal paidAmount,
        BigDecimal refundedAmount,
        String currency,
        List<String> flags,
        OrderPaymentStatusChanged.Cause cause,
        UUID statusEventId,
        Instant at) {

    public OrderChange {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
        flags = List.copyOf(flags);
        if ((sequence == 0) != (statusEventId == null)) {
            throw new IllegalArgumentException("order " + orderId + " sequence " + sequence
                    + ": the opening (sequence 0), and only it, emits no status event");
        }
    }

    /** The order's opening: sequence 0, no status event. */
    static OrderChange opening(Order order, OrderPaymentStatusChanged.Cause cause, Instant at) {
        return of(order, null, cause, null, at);
    }

    /** A change of an open order to its new state, which emits a status event with a new id. */
    static OrderChange change(
            Order order, PaymentStatus previousStatus, OrderPaymentStatusChanged.Cause cause, Instant at) {
        return of(order, previousStatus, cause, UUID.randomUUID(), at);
    }

    private static OrderChange of(
            Order order,
            PaymentStatus previousStatus,
            OrderPaymentStatusChanged.Cause cause,
            UUID statusEventId,
            Instant at) {
        return new OrderChange(
                order.id(),
                order.sequence(),
                previousStatus,
                order.status(),
                order.expectedAmount(),
                order.paidAmount(),
                order.refundedAmount(),
                order.currency(),
                Orders.wireNames(order.flags()),
                cause,
                statusEventId,
                at);
    }

    /** The status event the change emitted. */
    public OrderPaymentStatusChanged statusEvent() {
        if (statusEventId == null) {
            throw new IllegalStateException("order " + orderId + "'s opening emits no status event");
        }
        return event(statusEventId, false);
    }

    /** The change's status event again, as it was emitted but with a new id, marked {@code republished}. */
    public OrderPaymentStatusChanged republished() {
        return event(UUID.randomUUID(), true);
    }

    private OrderPaymentStatusChanged event(UUID eventId, boolean republished) {
        return new OrderPaymentStatusChanged(
                eventId,
                at,
                orderId,
                status,
                previousStatus,
                sequence,
                expectedAmount,
                paidAmount,
                refundedAmount,
                currency,
                cause,
                flags,
                republished);
    }
}

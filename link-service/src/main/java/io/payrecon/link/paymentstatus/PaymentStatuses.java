package io.payrecon.link.paymentstatus;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The last payment status seen per order ({@code order_payment_status}). */
@Repository
public class PaymentStatuses {

    private final JdbcClient jdbc;

    PaymentStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the event when it is newer than what is stored for its order. The sequence decides, not arrival: a
     * redelivered, replayed or late event with a sequence at or below the stored one changes nothing.
     *
     * @return whether the event was newer and is now the order's known status
     */
    boolean record(OrderPaymentStatusChanged event, Instant receivedAt) {
        return jdbc.sql("""
                        INSERT INTO order_payment_status (order_id, status, paid_amount, expected_amount, currency,
                                                          sequence, event_id, occurred_at, received_at)
                        VALUES (:orderId, :status, :paidAmount, :expectedAmount, :currency, :sequence, :eventId,
                                :occurredAt, :receivedAt)
                        ON CONFLICT (order_id) DO UPDATE
                        SET status = EXCLUDED.status, paid_amount = EXCLUDED.paid_amount,
                            expected_amount = EXCLUDED.expected_amount, currency = EXCLUDED.currency,
                            sequence = EXCLUDED.sequence, event_id = EXCLUDED.event_id,
                            occurred_at = EXCLUDED.occurred_at, received_at = EXCLUDED.received_at
                        WHERE order_payment_status.sequence < EXCLUDED.sequence
                        """)
                        .param("orderId", event.orderId())
                        .param("status", event.status().name())
                        .param("paidAmount", event.paidAmount() == null ? BigDecimal.ZERO : event.paidAmount())
                        .param("expectedAmount", event.expectedAmount())
                        .param("currency", event.currency())
                        .param("sequence", event.sequence())
                        .param("eventId", event.eventId())
                        .param("occurredAt", Timestamp.from(event.occurredAt()))
                        .param("receivedAt", Timestamp.from(receivedAt))
                        .update()
                == 1;
    }

    public Optional<KnownPaymentStatus> find(String orderId) {
        return jdbc.sql("""
                        SELECT order_id, status, paid_amount, expected_amount, currency, sequence, event_id,
                               occurred_at
                        FROM order_payment_status
                        WHERE order_id = :orderId
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new KnownPaymentStatus(
                        rs.getString("order_id"),
                        PaymentStatus.valueOf(rs.getString("status")),
                        rs.getBigDecimal("paid_amount"),
                        rs.getBigDecimal("expected_amount"),
                        rs.getString("currency"),
                        rs.getLong("sequence"),
                        rs.getObject("event_id", UUID.class),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}

package com.example.ordersystem;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.sql.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code order_payment_status}: one row per order, written only by a higher sequence. */
@Repository
class OrderPaymentStatuses {

    private final JdbcClient jdbc;

    OrderPaymentStatuses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An order's payment status as this service holds it; amounts are decimal strings in JSON, as on the topic. */
    record OrderPaymentStatus(
            String orderId,
            String status,
            String knownStatus,
            long sequence,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal expectedAmount,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paidAmount,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal refundedAmount,
            String currency,
            List<String> flags,
            UUID lastEventId,
            String appliedFrom,
            Instant updatedAt) {}

    /** The sequence held for an order, locked until the transaction ends; empty for an order not seen yet. */
    OptionalLong lockSequence(String orderId) {
        return jdbc.sql("SELECT sequence FROM order_payment_status WHERE order_id = :orderId FOR UPDATE")
                .param("orderId", orderId)
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /**
     * Stores the event's state when its sequence is above the one held: the whole idempotency of this service. A
     * duplicate, a republished event, or an older one read again changes nothing. An unknown status is stored as
     * received while {@code known_status} keeps the last status this service understands.
     *
     * @return true when the row was written
     */
    boolean applyIfNewer(PaymentStatusChanged event, String topic, Instant now) {
        return jdbc.sql("""
                        INSERT INTO order_payment_status AS stored (order_id, status, known_status, sequence,
                            expected_amount, paid_amount, refunded_amount, currency, flags, last_event_id,
                            applied_from, updated_at)
                        VALUES (:orderId, :status, :knownStatus, :sequence, :expectedAmount, :paidAmount,
                            :refundedAmount, :currency, CAST(:flags AS text[]), :eventId, :topic, :now)
                        ON CONFLICT (order_id) DO UPDATE SET
                            status = excluded.status,
                            known_status = COALESCE(excluded.known_status, stored.known_status),
                            sequence = excluded.sequence,
                            expected_amount = excluded.expected_amount,
                            paid_amount = excluded.paid_amount,
                            refunded_amount = excluded.refunded_amount,
                            currency = excluded.currency,
                            flags = excluded.flags,
                            last_event_id = excluded.last_event_id,
                            applied_from = excluded.applied_from,
                            updated_at = excluded.updated_at
                        WHERE stored.sequence < excluded.sequence
                        """)
                        .param("orderId", event.orderId())
                        .param("status", event.status())
                        .param("knownStatus", event.hasKnownStatus() ? event.status() : null)
                        .param("sequence", event.sequence())
                        .param("expectedAmount", event.expectedAmount())
                        .param("paidAmount", event.paidAmount())
                        .param("refundedAmount", event.refundedAmount())
                        .param("currency", event.currency())
                        .param("flags", event.flags().toArray(String[]::new))
                        .param("eventId", event.eventId())
                        .param("topic", topic)
                        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .update()
                == 1;
    }

    void recordGap(PaymentStatusChanged event, long expected, Instant now) {
        jdbc.sql("""
                        INSERT INTO status_gaps (order_id, expected_sequence, received_sequence, event_id, recorded_at)
                        VALUES (:orderId, :expected, :received, :eventId, :now)
                        """)
                .param("orderId", event.orderId())
                .param("expected", expected)
                .param("received", event.sequence())
                .param("eventId", event.eventId())
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
    }

    void recordSkipped(String topic, int partition, long offset, String reason, String key, byte[] value, Instant now) {
        jdbc.sql("""
                        INSERT INTO skipped_records (topic, partition, "offset", reason, record_key, value, recorded_at)
                        VALUES (:topic, :partition, :offset, :reason, :key, :value, :now)
                        """)
                .param("topic", topic)
                .param("partition", partition)
                .param("offset", offset)
                .param("reason", reason)
                .param("key", key)
                .param("value", value)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
    }

    boolean isEmpty() {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM order_payment_status)")
                .query(Boolean.class)
                .single();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM order_payment_status")
                .query(Long.class)
                .single();
    }

    void recordBootstrap(Instant t0, long recordsRead, String changesFrom, Instant finishedAt) {
        jdbc.sql("""
                        INSERT INTO bootstrap_runs (t0, records_read, orders_after, changes_from, finished_at)
                        VALUES (:t0, :recordsRead, (SELECT count(*) FROM order_payment_status), :changesFrom, :finishedAt)
                        """)
                .param("t0", OffsetDateTime.ofInstant(t0, ZoneOffset.UTC))
                .param("recordsRead", recordsRead)
                .param("changesFrom", changesFrom)
                .param("finishedAt", OffsetDateTime.ofInstant(finishedAt, ZoneOffset.UTC))
                .update();
    }

    Optional<OrderPaymentStatus> find(String orderId) {
        return jdbc.sql("SELECT * FROM order_payment_status WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query((rs, row) -> new OrderPaymentStatus(
                        rs.getString("order_id"),
                        rs.getString("status"),
                        rs.getString("known_status"),
                        rs.getLong("sequence"),
                        rs.getBigDecimal("expected_amount"),
                        rs.getBigDecimal("paid_amount"),
                        rs.getBigDecimal("refunded_amount"),
                        rs.getString("currency"),
                        flags(rs.getArray("flags")),
                        rs.getObject("last_event_id", UUID.class),
                        rs.getString("applied_from"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    private static List<String> flags(Array array) throws java.sql.SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}

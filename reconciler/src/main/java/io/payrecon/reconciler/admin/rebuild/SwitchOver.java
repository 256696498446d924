package io.payrecon.reconciler.admin.rebuild;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sets live orders that differ from their rebuilt state to that state, in the caller's transaction, with the live
 * listeners paused. The live {@code orders} table is locked against writers first (readers go on), and the
 * differences are computed again under that lock, so what is corrected is exactly what differs. Each corrected order:
 * its row takes the rebuilt state and the next live sequence; its request ids take what they received and gave back
 * (request ids only the rebuild has are added); a history row with cause {@code rebuild} records the change; an
 * {@code order.payment-status-changed} with that sequence goes to the outbox, so downstream sequences stay gapless.
 * Orders on one side only are reported, never created or deleted here: replay or the dead letters handle those.
 * Corrections that would break what status events promise ({@link OrderDifference#withheld()}) are not made either.
 */
@Component
class SwitchOver {

    private static final Logger log = LoggerFactory.getLogger(SwitchOver.class);

    /** The cause kind of the history rows and status events of a rebuild's corrections. */
    static final String CAUSE = "rebuild";

    private final JdbcClient jdbc;
    private final StateComparison comparison;
    private final Outbox outbox;

    SwitchOver(JdbcClient jdbc, StateComparison comparison, Outbox outbox) {
        this.jdbc = jdbc;
        this.comparison = comparison;
        this.outbox = outbox;
    }

    /** The live orders corrected, with what differed before. */
    List<OrderDifference> apply(String live, String rebuilt, UUID runId, Instant now) {
        String l = ScratchSchema.quote(live);
        String b = ScratchSchema.quote(rebuilt);
        jdbc.sql("LOCK TABLE " + l + ".orders IN SHARE ROW EXCLUSIVE MODE").update();
        List<OrderDifference> corrected = comparison.differences(live, rebuilt).stream()
                .filter(OrderDifference::correctable)
                .toList();
        if (corrected.isEmpty()) {
            return corrected;
        }
        String[] ids = corrected.stream().map(OrderDifference::orderId).toArray(String[]::new);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        List<PaymentStatus> previous = new ArrayList<>();
        for (OrderDifference difference : corrected) {
            previous.add(PaymentStatus.valueOf(jdbc.sql("SELECT status FROM " + l + ".orders WHERE order_id = :id")
                    .param("id", difference.orderId())
                    .query(String.class)
                    .single()));
        }
        jdbc.sql("""
                        UPDATE %1$s.orders o
                        SET status = b.status, expected_amount = b.expected_amount, paid_amount = b.paid_amount,
                            refunded_amount = b.refunded_amount, currency = b.currency, flags = b.flags,
                            link_token = b.link_token, link_expires_at = b.link_expires_at,
                            sequence = o.sequence + 1, updated_at = :at
                        FROM %2$s.orders b
                        WHERE b.order_id = o.order_id AND o.order_id = ANY(CAST(:ids AS text[]))
                        """.formatted(l, b)).param("ids", ids).param("at", at).update();
        jdbc.sql("""
                        UPDATE %1$s.order_requests r
                        SET paid_amount = b.paid_amount, refunded_amount = b.refunded_amount, expires_at = b.expires_at,
                            amount = b.amount
                        FROM %2$s.order_requests b
                        WHERE b.request_id = r.request_id AND b.order_id = r.order_id
                          AND r.order_id = ANY(CAST(:ids AS text[]))
                        """.formatted(l, b)).param("ids", ids).update();
        jdbc.sql("""
                        INSERT INTO %1$s.order_requests (request_id, order_id, paid_amount, refunded_amount, expires_at,
                                                         amount, cause_event_id, added_at)
                        SELECT b.request_id, b.order_id, b.paid_amount, b.refunded_amount, b.expires_at, b.amount,
                               :runId, :at
                        FROM %2$s.order_requests b
                        WHERE b.order_id = ANY(CAST(:ids AS text[]))
                        ORDER BY b.position
                        ON CONFLICT (request_id) DO NOTHING
                        """.formatted(l, b))
                .param("ids", ids)
                .param("runId", runId)
                .param("at", at)
                .update();
        List<OrderPaymentStatusChanged> events = new ArrayList<>();
        for (int i = 0; i < corrected.size(); i++) {
            events.add(statusEvent(l, corrected.get(i).orderId(), previous.get(i), runId, now));
        }
        for (OrderPaymentStatusChanged event : events) {
            jdbc.sql("""
                            INSERT INTO %1$s.order_history (order_id, sequence, from_status, to_status, expected_amount,
                                                            paid_amount, refunded_amount, currency, flags,
                                                            cause_event_id, cause_kind, delivery_id, status_event_id,
                                                            occurred_at)
                            SELECT o.order_id, o.sequence, :from, o.status, o.expected_amount, o.paid_amount,
                                   o.refunded_amount, o.currency, o.flags, :runId, :kind, NULL, :eventId, :at
                            FROM %1$s.orders o WHERE o.order_id = :id
                            """.formatted(l))
                    .param("from", event.previousStatus().name())
                    .param("runId", runId)
                    .param("kind", CAUSE)
                    .param("eventId", event.eventId())
                    .param("at", at)
                    .param("id", event.orderId())
                    .update();
            log.info(
                    "Order {} corrected by rebuild {}: {} -> {} (sequence {}, paid {})",
                    event.orderId(),
                    runId,
                    event.previousStatus(),
                    event.status(),
                    event.sequence(),
                    event.paidAmount().toPlainString());
        }
        outbox.appendAll(Topics.ORDER_PAYMENT_STATUS, events);
        return corrected;
    }

    private OrderPaymentStatusChanged statusEvent(
            String l, String orderId, PaymentStatus previous, UUID runId, Instant now) {
        return jdbc.sql("""
                        SELECT order_id, status, sequence, expected_amount, paid_amount, currency, flags
                        FROM %s.orders WHERE order_id = :id
                        """.formatted(l))
                .param("id", orderId)
                .query((rs, row) -> new OrderPaymentStatusChanged(
                        UUID.randomUUID(),
                        now,
                        rs.getString("order_id"),
                        PaymentStatus.valueOf(rs.getString("status")),
                        previous,
                        rs.getLong("sequence"),
                        rs.getBigDecimal("expected_amount"),
                        rs.getBigDecimal("paid_amount"),
                        rs.getString("currency"),
                        new OrderPaymentStatusChanged.Cause(runId, CAUSE, null),
                        Arrays.asList((String[]) rs.getArray("flags").getArray()),
                        false))
                .single();
    }
}

package io.payrecon.reconciler.admin;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-emits {@code order.payment-status-changed} from the orders' history for downstream systems that lost data:
 * each change as it was emitted (its original sequence, amounts, flags, cause and time), with a new event id and
 * {@code republished: true}, through the outbox, so they are published in order per order like the originals. The
 * history is read in pages of {@link #PAGE} changes, one transaction each, by (order id, sequence). Running it twice
 * publishes the events twice, each time marked republished: consumers keep the highest sequence they applied.
 */
@Component
class Republishing {

    static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;

    Republishing(JdbcClient jdbc, Outbox outbox, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** @param events how many status events were appended to the outbox, over how many orders */
    record Result(long events, long orders) {}

    /** Every status event of one order, or of every order whose changes happened at or after {@code since}. */
    Result republish(String orderId, Instant since) {
        long events = 0;
        long orders = 0;
        String afterOrder = "";
        long afterSequence = -1;
        while (true) {
            String fromOrder = afterOrder;
            long fromSequence = afterSequence;
            List<OrderPaymentStatusChanged> page = transactions.execute(tx -> {
                List<OrderPaymentStatusChanged> changes = jdbc.sql("""
                                SELECT order_id, sequence, from_status, to_status, expected_amount, paid_amount,
                                       currency, flags, cause_event_id, cause_kind, delivery_id, occurred_at
                                FROM order_history
                                WHERE sequence > 0
                                  AND (CAST(:orderId AS text) IS NULL OR order_id = CAST(:orderId AS text))
                                  AND (CAST(:since AS timestamptz) IS NULL
                                       OR occurred_at >= CAST(:since AS timestamptz))
                                  AND (order_id, sequence) > (:afterOrder, :afterSequence)
                                ORDER BY order_id, sequence
                                LIMIT :page
                                """)
                        .param("orderId", orderId)
                        .param("since", since == null ? null : since.atOffset(ZoneOffset.UTC))
                        .param("afterOrder", fromOrder)
                        .param("afterSequence", fromSequence)
                        .param("page", PAGE)
                        .query((rs, row) -> new OrderPaymentStatusChanged(
                                UUID.randomUUID(),
                                rs.getObject("occurred_at", OffsetDateTime.class)
                                        .toInstant(),
                                rs.getString("order_id"),
                                PaymentStatus.valueOf(rs.getString("to_status")),
                                rs.getString("from_status") == null
                                        ? null
                                        : PaymentStatus.valueOf(rs.getString("from_status")),
                                rs.getLong("sequence"),
                                rs.getBigDecimal("expected_amount"),
                                rs.getBigDecimal("paid_amount"),
                                rs.getString("currency"),
                                new OrderPaymentStatusChanged.Cause(
                                        rs.getObject("cause_event_id", UUID.class),
                                        rs.getString("cause_kind"),
                                        rs.getString("delivery_id")),
                                Arrays.asList((String[]) rs.getArray("flags").getArray()),
                                true))
                        .list();
                changes.forEach(change -> outbox.append(Topics.ORDER_PAYMENT_STATUS, change));
                return changes;
            });
            if (page.isEmpty()) {
                return new Result(events, orders);
            }
            events += page.size();
            for (OrderPaymentStatusChanged change : page) {
                if (!change.orderId().equals(afterOrder)) {
                    orders++;
                }
                afterOrder = change.orderId();
            }
            afterSequence = page.get(page.size() - 1).sequence();
            if (page.size() < PAGE) {
                return new Result(events, orders);
            }
        }
    }
}

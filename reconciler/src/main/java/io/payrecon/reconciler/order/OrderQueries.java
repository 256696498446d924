package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders as the API and operations read them: one order with its request ids and history, pages of orders, an
 * order's status and request ids, and the history's changes for republishing. Reads only: {@link Orders} writes.
 */
@Repository
public class OrderQueries {

    private static final String SUMMARY = """
            SELECT order_id, status, flags, expected_amount, paid_amount, refunded_amount, currency, updated_at
            FROM orders""";

    private final JdbcClient jdbc;

    OrderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The order as the API shows it, if there is such an order. */
    public Optional<OrderView> view(String orderId) {
        Optional<OrderView.Summary> summary = jdbc.sql(SUMMARY + " WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(OrderQueries::summary)
                .optional();
        return summary.map(found -> new OrderView(
                found.orderId(),
                found.status(),
                found.flags(),
                found.expectedAmount(),
                found.paidAmount(),
                found.refundedAmount(),
                found.currency(),
                requestIds(orderId),
                historyOf(orderId)));
    }

    /**
     * The orders after {@code after} in order-id order (from the first when null), at most {@code size}: paged by key,
     * so each page costs the same however deep it is, and orders added meanwhile neither repeat nor shift a page.
     */
    OrderView.Page page(PaymentStatus status, String after, int size) {
        List<OrderView.Summary> found = jdbc.sql(SUMMARY + """
                         WHERE (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
                           AND (CAST(:after AS text) IS NULL OR order_id > CAST(:after AS text))
                        ORDER BY order_id LIMIT :limit
                        """)
                .param("status", status == null ? null : status.name())
                .param("after", after)
                .param("limit", size + 1)
                .query(OrderQueries::summary)
                .list();
        boolean more = found.size() > size;
        List<OrderView.Summary> page = more ? found.subList(0, size) : found;
        return new OrderView.Page(page, size, more ? page.get(size - 1).orderId() : null);
    }

    /**
     * What operators search orders by (the console): an order id or one of its request ids ({@code idOrRequestId}),
     * a status, a flag (its wire name, such as {@code overpaid}), last changed from {@code from} (inclusive) to
     * {@code to} (exclusive); each left out (null) matches any.
     */
    public record Search(String idOrRequestId, PaymentStatus status, String flag, Instant from, Instant to) {}

    /** The orders that match, after {@code after} in order-id order, at most {@code size}: paged by key as {@link #page}. */
    public OrderView.Page search(Search search, String after, int size) {
        List<OrderView.Summary> found = jdbc.sql(SUMMARY + """
                         WHERE (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
                           AND (CAST(:flag AS text) IS NULL OR CAST(:flag AS text) = ANY(flags))
                           AND (CAST(:from AS timestamptz) IS NULL OR updated_at >= CAST(:from AS timestamptz))
                           AND (CAST(:to AS timestamptz) IS NULL OR updated_at < CAST(:to AS timestamptz))
                           AND (CAST(:q AS text) IS NULL OR order_id = CAST(:q AS text)
                                OR order_id IN (SELECT r.order_id FROM order_requests r
                                                WHERE r.request_id = CAST(:q AS text)))
                           AND (CAST(:after AS text) IS NULL OR order_id > CAST(:after AS text))
                        ORDER BY order_id LIMIT :limit
                        """)
                .param(
                        "status",
                        search.status() == null ? null : search.status().name())
                .param("flag", search.flag())
                .param("from", search.from() == null ? null : search.from().atOffset(ZoneOffset.UTC))
                .param("to", search.to() == null ? null : search.to().atOffset(ZoneOffset.UTC))
                .param("q", search.idOrRequestId())
                .param("after", after)
                .param("limit", size + 1)
                .query(OrderQueries::summary)
                .list();
        boolean more = found.size() > size;
        List<OrderView.Summary> page = more ? found.subList(0, size) : found;
        return new OrderView.Page(page, size, more ? page.get(size - 1).orderId() : null);
    }

    /** The flags' wire names, for a search to choose among. */
    public static List<String> flagNames() {
        return Arrays.stream(OrderFlag.values()).map(OrderFlag::wireName).toList();
    }

    private static OrderView.Summary summary(ResultSet rs, int row) throws SQLException {
        return new OrderView.Summary(
                rs.getString("order_id"),
                rs.getString("status"),
                Orders.wireNames(Orders.flags(rs.getArray("flags"))),
                rs.getBigDecimal("expected_amount").toPlainString(),
                rs.getBigDecimal("paid_amount").toPlainString(),
                rs.getBigDecimal("refunded_amount").toPlainString(),
                rs.getString("currency"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** The order's request ids, in the order they were added; none when there is no such order. */
    public List<String> requestIds(String orderId) {
        return jdbc.sql("SELECT request_id FROM order_requests WHERE order_id = :orderId ORDER BY position")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }

    /** The order's status, if there is such an order. */
    public Optional<PaymentStatus> status(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query((rs, row) -> PaymentStatus.valueOf(rs.getString("status")))
                .optional();
    }

    /**
     * The changes that emitted status events (sequence above 0), of one order or of every order whose changes happened
     * at or after {@code since} (either may be {@code null}), after ({@code afterOrder}, {@code afterSequence}) in
     * (order id, sequence) order, at most {@code limit}.
     */
    public List<OrderChange> changes(String orderId, Instant since, String afterOrder, long afterSequence, int limit) {
        return changes(orderId, since, afterOrder, afterSequence, limit, null);
    }

    /** How many changes {@link #changes(String, Instant, String, long, int)} finds, over how many orders. */
    public record ChangeCount(long changes, long orders) {}

    /** Counts the changes that {@link #changes(String, Instant, String, long, int)} pages through from the start. */
    public ChangeCount countChanges(String orderId, Instant since) {
        return jdbc.sql("""
                        SELECT count(*) AS changes, count(DISTINCT order_id) AS orders
                        FROM order_history
                        WHERE sequence > 0
                          AND (CAST(:orderId AS text) IS NULL OR order_id = CAST(:orderId AS text))
                          AND (CAST(:since AS timestamptz) IS NULL OR occurred_at >= CAST(:since AS timestamptz))
                        """)
                .param("orderId", orderId)
                .param("since", since == null ? null : since.atOffset(ZoneOffset.UTC))
                .query((rs, row) -> new ChangeCount(rs.getLong("changes"), rs.getLong("orders")))
                .single();
    }

    /** As {@link #changes(String, Instant, String, long, int)}, of these orders only ({@code null}: any). */
    public List<OrderChange> changes(
            String orderId, Instant since, String afterOrder, long afterSequence, int limit, List<String> ofOrders) {
        return jdbc.sql("""
                        SELECT order_id, sequence, from_status, to_status, expected_amount, paid_amount,
                               refunded_amount, currency, flags, cause_event_id, cause_kind, delivery_id,
                               status_event_id, occurred_at
                        FROM order_history
                        WHERE sequence > 0
                          AND (CAST(:orderId AS text) IS NULL OR order_id = CAST(:orderId AS text))
                          AND (CAST(:since AS timestamptz) IS NULL OR occurred_at >= CAST(:since AS timestamptz))
                          AND (CAST(:ofOrders AS text[]) IS NULL OR order_id = ANY(CAST(:ofOrders AS text[])))
                          AND (order_id, sequence) > (:afterOrder, :afterSequence)
                        ORDER BY order_id, sequence
                        LIMIT :limit
                        """)
                .param("ofOrders", ofOrders == null ? null : ofOrders.toArray(String[]::new))
                .param("orderId", orderId)
                .param("since", since == null ? null : since.atOffset(ZoneOffset.UTC))
                .param("afterOrder", afterOrder)
                .param("afterSequence", afterSequence)
                .param("limit", limit)
                .query(Orders::change)
                .list();
    }

    /**
     * Locks these orders against changes (a batch, which locks them {@code FOR UPDATE}) until the transaction ends,
     * in order-id order as the batches do, so neither waits for the other in a cycle. A republish holds it while it
     * reads and re-appends an order's events: a change of the order then commits before it (and is read) or after it
     * (and is appended after the republished events), never in between, so the last record of the order on the
     * compacted topic is its latest change.
     */
    public void lockAgainstChanges(List<String> orderIds) {
        jdbc.sql("""
                        SELECT order_id FROM orders WHERE order_id = ANY(CAST(:orderIds AS text[]))
                        ORDER BY order_id
                        FOR SHARE
                        """)
                .param("orderIds", orderIds.stream().sorted().toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private List<OrderView.HistoryEntry> historyOf(String orderId) {
        return jdbc.sql("""
                        SELECT sequence, from_status, to_status, paid_amount, refunded_amount, flags, occurred_at,
                               cause_event_id, cause_kind, delivery_id
                        FROM order_history WHERE order_id = :orderId ORDER BY sequence
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new OrderView.HistoryEntry(
                        rs.getLong("sequence"),
                        rs.getString("from_status"),
                        rs.getString("to_status"),
                        rs.getBigDecimal("paid_amount").toPlainString(),
                        rs.getBigDecimal("refunded_amount").toPlainString(),
                        Orders.wireNames(Orders.flags(rs.getArray("flags"))),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        new OrderView.Cause(
                                rs.getObject("cause_event_id", UUID.class),
                                rs.getString("cause_kind"),
                                rs.getString("delivery_id"))))
                .list();
    }
}

package io.payrecon.reconciler.order;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders, their request ids and their status history, in the {@code reconciler} schema: the only writer of
 * {@code orders}, {@code order_requests} and {@code order_history}. Reads and writes take a whole batch each: one
 * statement per method, whatever the batch's size. What the API and operations read of them is
 * {@link OrderQueries}'.
 *
 * <p>Locking: a batch locks the rows of the orders it touches in one statement, in order-id order, so batches on
 * several instances wait for each other instead of deadlocking. Parking has one more lock, see
 * {@link #lockParking}; it is always taken before any order row.
 */
@Repository
public class Orders {

    /**
     * The advisory lock that orders parking against mapping request ids. The outbox's locks use the two-key form, a
     * separate key space in PostgreSQL, so they never meet it.
     */
    private static final long PARKING_LOCK = 0x7265636f6e50L; // "reconP"

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The same store over other connections, such as a rebuild's, whose search path is its scratch schema. */
    public Orders over(JdbcClient other) {
        return new Orders(other);
    }

    /**
     * Orders parking a webhook whose request id is unknown against link events mapping request ids, until the
     * transaction ends. Link batches take it shared (they never wait for each other); a webhook batch that must park
     * takes it exclusive, then looks its request ids up again. So a webhook never parks itself unseen while its link
     * is being stored: either it sees the link's committed request ids, or the link's batch sees the parked webhook.
     * Webhook batches whose request ids are all known take no lock at all.
     */
    void lockParking(boolean exclusive) {
        jdbc.sql(exclusive ? "SELECT pg_advisory_xact_lock(:key)" : "SELECT pg_advisory_xact_lock_shared(:key)")
                .param("key", PARKING_LOCK)
                .query()
                .listOfRows();
    }

    /** Which order each of these request ids belongs to; unknown ids are absent. */
    Map<String, String> orderIdsByRequestId(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, String> orderIds = new HashMap<>();
        jdbc.sql("""
                        SELECT request_id, order_id FROM order_requests
                        WHERE request_id = ANY(CAST(:requestIds AS text[]))
                        """).param("requestIds", requestIds.toArray(String[]::new)).query(rs -> {
            orderIds.put(rs.getString("request_id"), rs.getString("order_id"));
        });
        return orderIds;
    }

    /** Locks the rows of these orders in order-id order and reads them with their requests; unknown ids are absent. */
    Map<String, Order> lock(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return new TreeMap<>();
        }
        String[] sorted = new TreeSet<>(orderIds).toArray(String[]::new);
        List<Order> rows = jdbc.sql("""
                        SELECT order_id, status, expected_amount, currency, flags, sequence, link_token,
                               link_expires_at
                        FROM orders WHERE order_id = ANY(CAST(:orderIds AS text[]))
                        ORDER BY order_id
                        FOR UPDATE
                        """)
                .param("orderIds", sorted)
                .query((rs, row) -> new Order(
                        rs.getString("order_id"),
                        PaymentStatus.valueOf(rs.getString("status")),
                        rs.getBigDecimal("expected_amount"),
                        rs.getString("currency"),
                        Map.of(),
                        rs.getString("link_token"),
                        instant(rs, "link_expires_at"),
                        flags(rs.getArray("flags")),
                        rs.getLong("sequence")))
                .list();
        Map<String, Map<String, Order.PaymentRequest>> requests = new HashMap<>();
        jdbc.sql("""
                        SELECT order_id, request_id, paid_amount, refunded_amount, expires_at, amount
                        FROM order_requests
                        WHERE order_id = ANY(CAST(:orderIds AS text[])) ORDER BY position
                        """).param("orderIds", sorted).query(rs -> {
            requests.computeIfAbsent(rs.getString("order_id"), id -> new LinkedHashMap<>())
                    .put(
                            rs.getString("request_id"),
                            new Order.PaymentRequest(
                                    rs.getBigDecimal("paid_amount"),
                                    rs.getBigDecimal("refunded_amount"),
                                    instant(rs, "expires_at"),
                                    rs.getBigDecimal("amount")));
        });
        Map<String, Order> orders = new TreeMap<>();
        for (Order row : rows) {
            orders.put(
                    row.id(),
                    new Order(
                            row.id(),
                            row.status(),
                            row.expectedAmount(),
                            row.currency(),
                            requests.getOrDefault(row.id(), Map.of()),
                            row.linkToken(),
                            row.linkExpiresAt(),
                            row.flags(),
                            row.sequence()));
        }
        return orders;
    }

    /** Stores orders opened in this transaction, as they are at its end. */
    void insert(List<Order> orders, Instant at) {
        if (orders.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, expected_amount, paid_amount, refunded_amount, currency,
                                            flags, sequence, link_token, link_expires_at, created_at, updated_at)
                        SELECT o.order_id, o.status, o.expected, o.paid, o.refunded, o.currency,
                               string_to_array(o.flags, ','), o.sequence, o.link_token, o.link_expires_at, :at, :at
                        FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS text[]), CAST(:expected AS numeric[]),
                                    CAST(:paid AS numeric[]), CAST(:refunded AS numeric[]),
                                    CAST(:currencies AS text[]), CAST(:flags AS text[]), CAST(:sequences AS bigint[]),
                                    CAST(:tokens AS text[]), CAST(:expiries AS timestamptz[]))
                             AS o(order_id, status, expected, paid, refunded, currency, flags, sequence, link_token,
                                  link_expires_at)
                        """)
                .params(orderColumns(orders))
                .param(
                        "expected",
                        column(orders, order -> order.expectedAmount().toPlainString()))
                .param("at", utc(at))
                .update();
    }

    /**
     * Stores changed orders. Each row must still be at the sequence it was read at (it is locked, so it is); the
     * order's new sequence counts the changes made to it since.
     */
    void update(List<Order> orders, Map<String, Long> sequencesRead, Instant at) {
        if (orders.isEmpty()) {
            return;
        }
        int updated = jdbc.sql("""
                        UPDATE orders o
                        SET status = u.status, paid_amount = u.paid, refunded_amount = u.refunded,
                            currency = u.currency, flags = string_to_array(u.flags, ','), sequence = u.sequence,
                            link_token = u.link_token, link_expires_at = u.link_expires_at, updated_at = :at
                        FROM unnest(CAST(:ids AS text[]), CAST(:statuses AS text[]), CAST(:paid AS numeric[]),
                                    CAST(:refunded AS numeric[]), CAST(:currencies AS text[]),
                                    CAST(:flags AS text[]), CAST(:sequences AS bigint[]), CAST(:tokens AS text[]),
                                    CAST(:expiries AS timestamptz[]), CAST(:sequencesRead AS bigint[]))
                             AS u(order_id, status, paid, refunded, currency, flags, sequence, link_token,
                                  link_expires_at, sequence_read)
                        WHERE o.order_id = u.order_id AND o.sequence = u.sequence_read
                        """)
                .params(orderColumns(orders))
                .param(
                        "sequencesRead",
                        orders.stream()
                                .map(order -> sequencesRead.get(order.id()))
                                .toArray(Long[]::new))
                .param("at", utc(at))
                .update();
        if (updated != orders.size()) {
            throw new OptimisticLockingFailureException("Only " + updated + " of " + orders.size()
                    + " orders were still at the sequence they were read at");
        }
    }

    /** A request id of an order, as stored. */
    record RequestRow(String requestId, String orderId, Order.PaymentRequest request, UUID causeEventId) {}

    /** Maps new request ids to their orders (with what they received already, when a parked webhook paid them). */
    void insertRequests(List<RequestRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        int inserted = jdbc.sql("""
                        INSERT INTO order_requests (request_id, order_id, paid_amount, refunded_amount, expires_at,
                                                    amount, cause_event_id, added_at)
                        SELECT r.request_id, r.order_id, r.paid, r.refunded, r.expires_at, r.amount, r.cause_event_id,
                               :at
                        FROM unnest(CAST(:requestIds AS text[]), CAST(:orderIds AS text[]), CAST(:paid AS numeric[]),
                                    CAST(:refunded AS numeric[]), CAST(:expiries AS timestamptz[]),
                                    CAST(:amounts AS numeric[]), CAST(:causes AS uuid[]))
                             WITH ORDINALITY AS r(request_id, order_id, paid, refunded, expires_at, amount,
                                                  cause_event_id, position)
                        ORDER BY r.position
                        ON CONFLICT (request_id) DO NOTHING
                        """)
                .params(requestColumns(rows))
                .param(
                        "amounts",
                        column(
                                rows,
                                row -> row.request().amount() == null
                                        ? null
                                        : row.request().amount().toPlainString()))
                .param(
                        "causes",
                        rows.stream().map(row -> row.causeEventId().toString()).toArray(String[]::new))
                .param("at", utc(at))
                .update();
        if (inserted != rows.size()) {
            // another instance mapped one of them meanwhile: retried, the batch sees who owns it
            throw new OptimisticLockingFailureException(
                    "Only " + inserted + " of " + rows.size() + " request ids could be mapped to their orders");
        }
    }

    /** Stores what requests received and gave back. */
    void updateRequests(List<RequestRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE order_requests r SET paid_amount = u.paid, refunded_amount = u.refunded
                        FROM unnest(CAST(:requestIds AS text[]), CAST(:orderIds AS text[]), CAST(:paid AS numeric[]),
                                    CAST(:refunded AS numeric[]))
                             AS u(request_id, order_id, paid, refunded)
                        WHERE r.request_id = u.request_id AND r.order_id = u.order_id
                        """)
                .param("requestIds", column(rows, RequestRow::requestId))
                .param("orderIds", column(rows, RequestRow::orderId))
                .param("paid", column(rows, row -> row.request().paid().toPlainString()))
                .param("refunded", column(rows, row -> row.request().refunded().toPlainString()))
                .update();
    }

    /** Records openings and changes in the orders' history. */
    void recordHistory(List<OrderChange> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO order_history (order_id, sequence, from_status, to_status, expected_amount,
                                                   paid_amount, refunded_amount, currency, flags, cause_event_id,
                                                   cause_kind, delivery_id, status_event_id, occurred_at)
                        SELECT h.order_id, h.sequence, h.from_status, h.to_status, h.expected, h.paid, h.refunded,
                               h.currency, string_to_array(h.flags, ','), h.cause_event_id, h.cause_kind,
                               h.delivery_id, h.status_event_id, h.occurred_at
                        FROM unnest(CAST(:ids AS text[]), CAST(:sequences AS bigint[]), CAST(:from AS text[]),
                                    CAST(:to AS text[]), CAST(:expected AS numeric[]), CAST(:paid AS numeric[]),
                                    CAST(:refunded AS numeric[]), CAST(:currencies AS text[]), CAST(:flags AS text[]),
                                    CAST(:causes AS uuid[]), CAST(:kinds AS text[]), CAST(:deliveries AS text[]),
                                    CAST(:statusEvents AS uuid[]), CAST(:at AS timestamptz[]))
                             AS h(order_id, sequence, from_status, to_status, expected, paid, refunded, currency,
                                  flags, cause_event_id, cause_kind, delivery_id, status_event_id, occurred_at)
                        """)
                .param("ids", column(rows, OrderChange::orderId))
                .param("sequences", rows.stream().map(OrderChange::sequence).toArray(Long[]::new))
                .param(
                        "from",
                        column(
                                rows,
                                row -> row.previousStatus() == null
                                        ? null
                                        : row.previousStatus().name()))
                .param("to", column(rows, row -> row.status().name()))
                .param("expected", column(rows, row -> row.expectedAmount().toPlainString()))
                .param("paid", column(rows, row -> row.paidAmount().toPlainString()))
                .param("refunded", column(rows, row -> row.refundedAmount().toPlainString()))
                .param("currencies", column(rows, OrderChange::currency))
                .param("flags", column(rows, row -> String.join(",", row.flags())))
                .param("causes", column(rows, row -> row.cause().eventId().toString()))
                .param("kinds", column(rows, row -> row.cause().kind()))
                .param("deliveries", column(rows, row -> row.cause().deliveryId()))
                .param(
                        "statusEvents",
                        column(
                                rows,
                                row -> row.statusEventId() == null
                                        ? null
                                        : row.statusEventId().toString()))
                .param("at", column(rows, row -> row.at().toString()))
                .update();
    }

    /**
     * Sets these orders of the live schema to their state in the rebuilt one, in the caller's transaction: each
     * order's row takes the rebuilt state and its next live sequence; its request ids take what they received and
     * gave back (request ids only the rebuild has are added); a history row with cause {@code kind} records the
     * change, which emits a status event.
     *
     * @param live the schema of the live tables (quoted as needed)
     * @param rebuilt the schema the rebuild wrote (quoted as needed)
     * @return the changes, in the order of {@code orderIds}
     */
    public List<OrderChange> correct(
            String live, String rebuilt, List<String> orderIds, UUID runId, String kind, Instant now) {
        String[] ids = orderIds.toArray(String[]::new);
        OffsetDateTime at = utc(now);
        Map<String, PaymentStatus> previous = new HashMap<>();
        jdbc.sql("SELECT order_id, status FROM " + live + ".orders WHERE order_id = ANY(CAST(:ids AS text[]))")
                .param("ids", ids)
                .query((rs, row) ->
                        previous.put(rs.getString("order_id"), PaymentStatus.valueOf(rs.getString("status"))))
                .list();
        jdbc.sql("""
                        UPDATE %1$s.orders o
                        SET status = b.status, expected_amount = b.expected_amount, paid_amount = b.paid_amount,
                            refunded_amount = b.refunded_amount, currency = b.currency, flags = b.flags,
                            link_token = b.link_token, link_expires_at = b.link_expires_at,
                            sequence = o.sequence + 1, updated_at = :at
                        FROM %2$s.orders b
                        WHERE b.order_id = o.order_id AND o.order_id = ANY(CAST(:ids AS text[]))
                        """.formatted(live, rebuilt)).param("ids", ids).param("at", at).update();
        jdbc.sql("""
                        UPDATE %1$s.order_requests r
                        SET paid_amount = b.paid_amount, refunded_amount = b.refunded_amount, expires_at = b.expires_at,
                            amount = b.amount
                        FROM %2$s.order_requests b
                        WHERE b.request_id = r.request_id AND b.order_id = r.order_id
                          AND r.order_id = ANY(CAST(:ids AS text[]))
                        """.formatted(live, rebuilt)).param("ids", ids).update();
        jdbc.sql("""
                        INSERT INTO %1$s.order_requests (request_id, order_id, paid_amount, refunded_amount, expires_at,
                                                         amount, cause_event_id, added_at)
                        SELECT b.request_id, b.order_id, b.paid_amount, b.refunded_amount, b.expires_at, b.amount,
                               :runId, :at
                        FROM %2$s.order_requests b
                        WHERE b.order_id = ANY(CAST(:ids AS text[]))
                        ORDER BY b.position
                        ON CONFLICT (request_id) DO NOTHING
                        """.formatted(live, rebuilt))
                .param("ids", ids)
                .param("runId", runId)
                .param("at", at)
                .update();
        OrderPaymentStatusChanged.Cause cause = new OrderPaymentStatusChanged.Cause(runId, kind, null);
        List<OrderChange> changes = new ArrayList<>();
        for (String orderId : orderIds) {
            changes.add(jdbc.sql("""
                            SELECT order_id, sequence, status AS to_status, expected_amount, paid_amount,
                                   refunded_amount, currency, flags
                            FROM %s.orders WHERE order_id = :id
                            """.formatted(live))
                    .param("id", orderId)
                    .query((rs, row) -> change(rs, previous.get(orderId), cause, UUID.randomUUID(), now))
                    .single());
        }
        jdbc.sql("""
                        INSERT INTO %1$s.order_history (order_id, sequence, from_status, to_status, expected_amount,
                                                        paid_amount, refunded_amount, currency, flags, cause_event_id,
                                                        cause_kind, delivery_id, status_event_id, occurred_at)
                        SELECT o.order_id, o.sequence, c.from_status, o.status, o.expected_amount, o.paid_amount,
                               o.refunded_amount, o.currency, o.flags, :runId, :kind, NULL, c.status_event_id, :at
                        FROM %1$s.orders o
                        JOIN unnest(CAST(:ids AS text[]), CAST(:from AS text[]), CAST(:statusEvents AS uuid[]))
                             AS c(order_id, from_status, status_event_id) ON c.order_id = o.order_id
                        """.formatted(live))
                .param("ids", column(changes, OrderChange::orderId))
                .param("from", column(changes, change -> change.previousStatus().name()))
                .param(
                        "statusEvents",
                        column(changes, change -> change.statusEventId().toString()))
                .param("runId", runId)
                .param("kind", kind)
                .param("at", at)
                .update();
        return changes;
    }

    /** Locks the live orders against writers (readers go on) until the transaction ends. */
    public void lockAgainstWriters(String live) {
        jdbc.sql("LOCK TABLE " + live + ".orders IN SHARE ROW EXCLUSIVE MODE").update();
    }

    /** A row of {@code order_history} as the change it records. */
    static OrderChange change(ResultSet rs, int row) throws SQLException {
        String from = rs.getString("from_status");
        return change(
                rs,
                from == null ? null : PaymentStatus.valueOf(from),
                new OrderPaymentStatusChanged.Cause(
                        rs.getObject("cause_event_id", UUID.class),
                        rs.getString("cause_kind"),
                        rs.getString("delivery_id")),
                rs.getObject("status_event_id", UUID.class),
                instant(rs, "occurred_at"));
    }

    /**
     * A change from a row with the order's columns as the history names them ({@code order_id}, {@code sequence},
     * {@code to_status}, the amounts, {@code currency}, {@code flags}); what the row does not hold is given.
     */
    private static OrderChange change(
            ResultSet rs, PaymentStatus from, OrderPaymentStatusChanged.Cause cause, UUID statusEventId, Instant at)
            throws SQLException {
        return new OrderChange(
                rs.getString("order_id"),
                rs.getLong("sequence"),
                from,
                PaymentStatus.valueOf(rs.getString("to_status")),
                rs.getBigDecimal("expected_amount"),
                rs.getBigDecimal("paid_amount"),
                rs.getBigDecimal("refunded_amount"),
                rs.getString("currency"),
                Arrays.asList((String[]) rs.getArray("flags").getArray()),
                cause,
                statusEventId,
                at);
    }

    private static Map<String, Object> orderColumns(List<Order> orders) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("ids", column(orders, Order::id));
        columns.put("statuses", column(orders, order -> order.status().name()));
        columns.put("paid", column(orders, order -> order.paidAmount().toPlainString()));
        columns.put("refunded", column(orders, order -> order.refundedAmount().toPlainString()));
        columns.put("currencies", column(orders, Order::currency));
        columns.put("flags", column(orders, order -> flagList(order.flags())));
        columns.put("sequences", orders.stream().map(Order::sequence).toArray(Long[]::new));
        columns.put("tokens", column(orders, Order::linkToken));
        columns.put("expiries", column(orders, order -> text(order.linkExpiresAt())));
        return columns;
    }

    private static Map<String, Object> requestColumns(List<RequestRow> rows) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("requestIds", column(rows, RequestRow::requestId));
        columns.put("orderIds", column(rows, RequestRow::orderId));
        columns.put("paid", column(rows, row -> row.request().paid().toPlainString()));
        columns.put("refunded", column(rows, row -> row.request().refunded().toPlainString()));
        columns.put("expiries", column(rows, row -> text(row.request().expiresAt())));
        return columns;
    }

    /** One column of a batch as a text array: JdbcClient would expand a collection into a list of placeholders. */
    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        String[] column = new String[rows.size()];
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    static Set<OrderFlag> flags(Array array) throws SQLException {
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        if (array != null) {
            Arrays.stream((String[]) array.getArray())
                    .map(OrderFlag::ofWireName)
                    .forEach(flags::add);
        }
        return flags;
    }

    static List<String> wireNames(Set<OrderFlag> flags) {
        return flags.stream().map(OrderFlag::wireName).toList();
    }

    /** Flags joined with commas ({@code string_to_array} in SQL): one text per row, unlike an array of arrays. */
    private static String flagList(Set<OrderFlag> flags) {
        return String.join(",", wireNames(flags));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

package io.payrecon.reconciler.order;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The orders, their request ids and their status history, in the {@code reconciler} schema.
 *
 * <p>Locking: a batch first takes the transaction-scoped advisory locks of the request ids it touches, then the
 * rows of the orders it touches, each set in sorted order. Every batch takes them in that same order, so batches
 * on several instances wait for each other instead of deadlocking.
 */
@Repository
class Orders {

    /**
     * Namespaces the advisory lock keys of request ids. The outbox's locks use the two-key form, a separate key
     * space in PostgreSQL, so they never meet these.
     */
    private static final String REQUEST_LOCK_NAMESPACE = "reconciler.request-id:";

    private static final String SUMMARY = """
            SELECT order_id, status, flags, expected_amount, paid_amount, currency, updated_at FROM orders""";

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises everything that maps or looks up these request ids until the transaction ends. A webhook that
     * finds its request id unknown parks itself under this lock, and a link event adds request ids and takes out
     * their parked webhooks under it: so one always sees what the other committed, and no webhook stays parked.
     */
    void lockRequestIds(Collection<String> requestIds) {
        TreeSet<Long> keys = requestIds.stream().map(Orders::lockKey).collect(Collectors.toCollection(TreeSet::new));
        if (keys.isEmpty()) {
            return;
        }
        // unnest yields the array in order, so the locks are taken in ascending key order
        jdbc.sql("SELECT pg_advisory_xact_lock(k) FROM unnest(:keys::bigint[]) AS k")
                .param("keys", keys.toArray(Long[]::new))
                .query()
                .listOfRows();
    }

    /** Which order each of these request ids belongs to; unknown ids are absent. */
    Map<String, String> orderIdsByRequestId(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> orderIds = new LinkedHashMap<>();
        jdbc.sql("SELECT request_id, order_id FROM order_requests WHERE request_id IN (:requestIds)")
                .param("requestIds", requestIds)
                .query(rs -> {
                    orderIds.put(rs.getString("request_id"), rs.getString("order_id"));
                });
        return orderIds;
    }

    /** Locks the rows of these orders in order-id order and reads them; unknown ids are absent. */
    Map<String, Order> lock(Collection<String> orderIds) {
        if (orderIds.isEmpty()) {
            return new TreeMap<>();
        }
        Set<String> sorted = new TreeSet<>(orderIds);
        List<OrderRow> rows = jdbc.sql("""
                        SELECT order_id, status, expected_amount, currency, flags, sequence
                        FROM orders WHERE order_id IN (:orderIds)
                        ORDER BY order_id
                        FOR UPDATE
                        """)
                .param("orderIds", sorted)
                .query((rs, row) -> new OrderRow(
                        rs.getString("order_id"),
                        PaymentStatus.valueOf(rs.getString("status")),
                        rs.getBigDecimal("expected_amount"),
                        rs.getString("currency"),
                        flags(rs.getArray("flags")),
                        rs.getLong("sequence")))
                .list();
        Map<String, Map<String, BigDecimal>> paid = paidByRequest(sorted);
        Map<String, Order> orders = new TreeMap<>();
        for (OrderRow row : rows) {
            orders.put(
                    row.id(),
                    new Order(
                            row.id(),
                            row.status(),
                            row.expectedAmount(),
                            row.currency(),
                            paid.getOrDefault(row.id(), Map.of()),
                            row.flags(),
                            row.sequence()));
        }
        return orders;
    }

    void insert(Order order, Instant at) {
        jdbc.sql("""
                        INSERT INTO orders (order_id, status, expected_amount, paid_amount, currency, flags, sequence,
                                            created_at, updated_at)
                        VALUES (:orderId, :status, :expected, :paid, :currency, :flags, :sequence, :at, :at)
                        """)
                .param("orderId", order.id())
                .param("status", order.status().name())
                .param("expected", order.expectedAmount())
                .param("paid", order.paidAmount())
                .param("currency", order.currency())
                .param("flags", flagArray(order.flags()))
                .param("sequence", order.sequence())
                .param("at", utc(at))
                .update();
    }

    /** Stores a changed order; its row must still be at the previous sequence (it is locked, so it is). */
    void update(Order order, Instant at) {
        int updated = jdbc.sql("""
                        UPDATE orders
                        SET status = :status, paid_amount = :paid, currency = :currency, flags = :flags,
                            sequence = :sequence, updated_at = :at
                        WHERE order_id = :orderId AND sequence = :sequence - 1
                        """)
                .param("status", order.status().name())
                .param("paid", order.paidAmount())
                .param("currency", order.currency())
                .param("flags", flagArray(order.flags()))
                .param("sequence", order.sequence())
                .param("at", utc(at))
                .param("orderId", order.id())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException(
                    "Order " + order.id() + " is not at sequence " + (order.sequence() - 1));
        }
        order.paidByRequest()
                .forEach((requestId, paid) -> jdbc.sql("""
                                UPDATE order_requests SET paid_amount = :paid
                                WHERE request_id = :requestId AND order_id = :orderId AND paid_amount < :paid
                                """)
                        .param("paid", paid)
                        .param("requestId", requestId)
                        .param("orderId", order.id())
                        .update());
    }

    /**
     * Maps request ids to an order. Answers the ids that are now mapped to it and were not before; an id already
     * mapped to another order stays with that order.
     */
    List<String> addRequestIds(String orderId, List<String> requestIds, UUID causeEventId, Instant at) {
        List<String> added = new ArrayList<>();
        for (String requestId : requestIds) {
            int inserted = jdbc.sql("""
                            INSERT INTO order_requests (request_id, order_id, paid_amount, cause_event_id, added_at)
                            VALUES (:requestId, :orderId, 0, :causeEventId, :at)
                            ON CONFLICT (request_id) DO NOTHING
                            """)
                    .param("requestId", requestId)
                    .param("orderId", orderId)
                    .param("causeEventId", causeEventId)
                    .param("at", utc(at))
                    .update();
            if (inserted == 1) {
                added.add(requestId);
            }
        }
        return added;
    }

    /**
     * Appends the opening or change to the order's history, at the order's (new) sequence.
     *
     * @param cause what opened or changed the order
     * @param statusEventId the id of the {@code order.payment-status-changed} the change emitted; {@code null} for
     *     the opening (sequence 0), which emits none
     */
    void recordHistory(
            Transition.Changed change, OrderPaymentStatusChanged.Cause cause, UUID statusEventId, Instant at) {
        Order order = change.order();
        jdbc.sql("""
                        INSERT INTO order_history (order_id, sequence, from_status, to_status, expected_amount,
                                                   paid_amount, currency, flags, cause_event_id, cause_kind,
                                                   delivery_id, status_event_id, occurred_at)
                        VALUES (:orderId, :sequence, :from, :to, :expected, :paid, :currency, :flags, :causeEventId,
                                :causeKind, :deliveryId, :statusEventId, :at)
                        """)
                .param("orderId", order.id())
                .param("sequence", order.sequence())
                .param(
                        "from",
                        change.previousStatus() == null
                                ? null
                                : change.previousStatus().name())
                .param("to", order.status().name())
                .param("expected", order.expectedAmount())
                .param("paid", order.paidAmount())
                .param("currency", order.currency())
                .param("flags", flagArray(order.flags()))
                .param("causeEventId", cause.eventId())
                .param("causeKind", cause.kind())
                .param("deliveryId", cause.deliveryId())
                .param("statusEventId", statusEventId)
                .param("at", utc(at))
                .update();
    }

    Optional<OrderView> view(String orderId) {
        Optional<OrderView.Summary> summary = jdbc.sql(SUMMARY + " WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(Orders::summary)
                .optional();
        return summary.map(found -> new OrderView(
                found.orderId(),
                found.status(),
                found.flags(),
                found.expectedAmount(),
                found.paidAmount(),
                found.currency(),
                requestIdsOf(orderId),
                historyOf(orderId)));
    }

    OrderView.Page page(PaymentStatus status, int page, int size) {
        String where = status == null ? "" : " WHERE status = :status";
        JdbcClient.StatementSpec query = jdbc.sql(SUMMARY + where + " ORDER BY order_id LIMIT :limit OFFSET :offset")
                .param("limit", size)
                .param("offset", (long) page * size);
        JdbcClient.StatementSpec count = jdbc.sql("SELECT count(*) FROM orders" + where);
        if (status != null) {
            query = query.param("status", status.name());
            count = count.param("status", status.name());
        }
        return new OrderView.Page(
                query.query(Orders::summary).list(),
                page,
                size,
                count.query(Long.class).single());
    }

    private static OrderView.Summary summary(ResultSet rs, int row) throws SQLException {
        return new OrderView.Summary(
                rs.getString("order_id"),
                rs.getString("status"),
                wireNames(flags(rs.getArray("flags"))),
                rs.getBigDecimal("expected_amount").toPlainString(),
                rs.getBigDecimal("paid_amount").toPlainString(),
                rs.getString("currency"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private List<String> requestIdsOf(String orderId) {
        return jdbc.sql("SELECT request_id FROM order_requests WHERE order_id = :orderId ORDER BY position")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }

    private List<OrderView.HistoryEntry> historyOf(String orderId) {
        return jdbc.sql("""
                        SELECT sequence, from_status, to_status, paid_amount, occurred_at, cause_event_id,
                               cause_kind, delivery_id
                        FROM order_history WHERE order_id = :orderId ORDER BY sequence
                        """)
                .param("orderId", orderId)
                .query((rs, row) -> new OrderView.HistoryEntry(
                        rs.getLong("sequence"),
                        rs.getString("from_status"),
                        rs.getString("to_status"),
                        rs.getBigDecimal("paid_amount").toPlainString(),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        new OrderView.Cause(
                                rs.getObject("cause_event_id", UUID.class),
                                rs.getString("cause_kind"),
                                rs.getString("delivery_id"))))
                .list();
    }

    private Map<String, Map<String, BigDecimal>> paidByRequest(Collection<String> orderIds) {
        Map<String, Map<String, BigDecimal>> paid = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT order_id, request_id, paid_amount FROM order_requests
                        WHERE order_id IN (:orderIds) ORDER BY position
                        """).param("orderIds", orderIds).query(rs -> {
            paid.computeIfAbsent(rs.getString("order_id"), id -> new LinkedHashMap<>())
                    .put(rs.getString("request_id"), rs.getBigDecimal("paid_amount"));
        });
        return paid;
    }

    private static Set<OrderFlag> flags(Array array) throws SQLException {
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        if (array != null) {
            Arrays.stream((String[]) array.getArray())
                    .map(OrderFlag::ofWireName)
                    .forEach(flags::add);
        }
        return flags;
    }

    private static List<String> wireNames(Set<OrderFlag> flags) {
        return flags.stream().map(OrderFlag::wireName).toList();
    }

    /** An array, not a list: JdbcClient expands a collection parameter into a list of placeholders. */
    private static String[] flagArray(Set<OrderFlag> flags) {
        return wireNames(flags).toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** The first 8 bytes of SHA-256 over the namespaced request id: stable across instances and restarts. */
    private static long lockKey(String requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((REQUEST_LOCK_NAMESPACE + requestId).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (digest[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record OrderRow(
            String id,
            PaymentStatus status,
            BigDecimal expectedAmount,
            String currency,
            Set<OrderFlag> flags,
            long sequence) {}
}

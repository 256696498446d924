package io.payrecon.reconciler.order;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An order's whole story, for "why is order 1001 not paid?": its link events, every delivery about its request ids
 * (with what became of it and why), every polling observation, every transition with its cause, and every status
 * event emitted with its sequence, in time order. Read from what the reconciler recorded as it went (a read model
 * across the inbox's and the orders' tables; it writes nothing).
 */
@Repository
public class OrderStory {

    private final JdbcClient jdbc;
    private final OrderQueries queries;

    OrderStory(JdbcClient jdbc, OrderQueries queries) {
        this.jdbc = jdbc;
        this.queries = queries;
    }

    /**
     * One thing that happened to the order.
     *
     * @param kind {@code link}, {@code delivery}, {@code observation}, {@code transition} or {@code status-event}
     * @param ref the id to look further with: event id, delivery id, or the sequence of a transition
     * @param what the event type, or {@code FROM -> TO} of a transition
     * @param outcome what became of it ({@code APPLIED}, {@code IGNORED}, {@code PARKED}, {@code DUPLICATE}, …)
     * @param detail why, or what it carried
     */
    @Schema(name = "StoryEntry")
    public record Entry(Instant at, String kind, String ref, String what, String outcome, String detail) {}

    /** The story, or empty when the reconciler never heard of the order. */
    public record Story(String orderId, String status, List<String> requestIds, List<Entry> entries) {}

    public Optional<Story> of(String orderId) {
        return of(orderId, Integer.MAX_VALUE);
    }

    /**
     * The story's {@code newest} entries, oldest first (each source read newest first, at most {@code newest} rows),
     * or empty when the reconciler never heard of the order. Ask for one more than shown to learn whether there are
     * older ones.
     */
    public Optional<Story> of(String orderId, int newest) {
        Optional<String> status = queries.status(orderId).map(Enum::name);
        List<String> requestIds = queries.requestIds(orderId);
        String[] requests = requestIds.toArray(String[]::new);
        List<Entry> entries = new ArrayList<>();
        entries.addAll(jdbc.sql("""
                        SELECT processed_at, event_id, type, outcome, reason FROM link_events
                        WHERE order_id = :orderId ORDER BY processed_at DESC LIMIT :newest
                        """)
                .param("orderId", orderId)
                .param("newest", newest)
                .query((rs, row) -> new Entry(
                        instant(rs.getObject("processed_at", OffsetDateTime.class)),
                        "link",
                        rs.getString("event_id"),
                        rs.getString("type"),
                        rs.getString("outcome"),
                        rs.getString("reason")))
                .list());
        entries.addAll(jdbc.sql("""
                        SELECT received_at, delivery_id, event, test, request_id, outcome, reason
                        FROM webhook_deliveries
                        WHERE order_id = :orderId OR request_id = ANY(CAST(:requestIds AS text[]))
                        ORDER BY received_at DESC LIMIT :newest
                        """)
                .param("orderId", orderId)
                .param("requestIds", requests)
                .param("newest", newest)
                .query(OrderStory::delivery)
                .list());
        entries.addAll(jdbc.sql("""
                        SELECT observed_at, event_id, request_id, outcome, reason FROM provider_observations
                        WHERE order_id = :orderId OR request_id = ANY(CAST(:requestIds AS text[]))
                        ORDER BY observed_at DESC LIMIT :newest
                        """)
                .param("orderId", orderId)
                .param("requestIds", requests)
                .param("newest", newest)
                .query((rs, row) -> new Entry(
                        instant(rs.getObject("observed_at", OffsetDateTime.class)),
                        "observation",
                        rs.getString("event_id"),
                        "provider.status-observed",
                        rs.getString("outcome"),
                        join(rs.getString("reason"), "request " + rs.getString("request_id"))))
                .list());
        jdbc.sql("""
                        SELECT sequence, from_status, to_status, paid_amount, refunded_amount,
                               array_to_string(flags, ',') AS flags, cause_event_id, cause_kind, delivery_id,
                               status_event_id, occurred_at
                        FROM order_history WHERE order_id = :orderId ORDER BY sequence DESC LIMIT :newest
                        """)
                .param("orderId", orderId)
                .param("newest", newest)
                .query((rs, row) -> {
                    Instant at = instant(rs.getObject("occurred_at", OffsetDateTime.class));
                    long sequence = rs.getLong("sequence");
                    String to = rs.getString("to_status");
                    String from = rs.getString("from_status");
                    String flags = rs.getString("flags");
                    String cause = "by " + rs.getString("cause_kind") + " " + rs.getString("cause_event_id")
                            + (rs.getString("delivery_id") == null ? "" : " delivery " + rs.getString("delivery_id"));
                    List<Entry> both = new ArrayList<>();
                    both.add(new Entry(
                            at,
                            "transition",
                            "#" + sequence,
                            (from == null ? "opened" : from) + " -> " + to,
                            "paid " + rs.getBigDecimal("paid_amount").toPlainString() + ", refunded "
                                    + rs.getBigDecimal("refunded_amount").toPlainString()
                                    + (flags == null || flags.isEmpty() ? "" : ", flags " + flags),
                            cause));
                    String statusEvent = rs.getString("status_event_id");
                    if (statusEvent != null) {
                        both.add(new Entry(
                                at,
                                "status-event",
                                statusEvent,
                                "order.payment-status-changed sequence " + sequence,
                                to,
                                "emitted through the outbox"));
                    }
                    return both;
                })
                .list()
                .forEach(entries::addAll);
        if (status.isEmpty() && entries.isEmpty()) {
            return Optional.empty();
        }
        entries.sort(Comparator.comparing(Entry::at).thenComparingInt(entry -> rank(entry.kind())));
        List<Entry> shown =
                entries.size() > newest ? entries.subList(entries.size() - newest, entries.size()) : entries;
        return Optional.of(new Story(orderId, status.orElse(null), requestIds, List.copyOf(shown)));
    }

    /** One delivery of the order as its story's entry, looked up by its id; empty when it is not the order's. */
    public Optional<Entry> delivery(String orderId, String deliveryId) {
        return jdbc.sql("""
                        SELECT received_at, delivery_id, event, test, request_id, outcome, reason
                        FROM webhook_deliveries
                        WHERE delivery_id = :deliveryId
                          AND (order_id = :orderId OR request_id = ANY(CAST(:requestIds AS text[])))
                        """)
                .param("deliveryId", deliveryId)
                .param("orderId", orderId)
                .param("requestIds", queries.requestIds(orderId).toArray(String[]::new))
                .query(OrderStory::delivery)
                .optional();
    }

    private static Entry delivery(ResultSet rs, int row) throws SQLException {
        return new Entry(
                instant(rs.getObject("received_at", OffsetDateTime.class)),
                "delivery",
                rs.getString("delivery_id"),
                (rs.getString("event") == null ? "webhook" : rs.getString("event"))
                        + (rs.getBoolean("test") ? " (test)" : ""),
                rs.getString("outcome"),
                join(rs.getString("reason"), "request " + rs.getString("request_id")));
    }

    /** At one instant, the fact comes before the transition it caused, which comes before its status event. */
    private static int rank(String kind) {
        return switch (kind) {
            case "link", "delivery", "observation" -> 0;
            case "transition" -> 1;
            default -> 2;
        };
    }

    private static String join(String reason, String more) {
        return reason == null || reason.isBlank() ? more : reason + "; " + more;
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? Instant.EPOCH : at.toInstant();
    }
}

package io.payrecon.reconciler.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciler's record of what it consumed. Every method but the dead letters' runs in the caller's transaction,
 * the one that also changes the orders, so "processed" and "applied" are committed together. Deduplication is by
 * {@code INSERT … ON CONFLICT DO NOTHING}: the first insert wins, a repeat inserts nothing and is told so. Each
 * method takes a whole batch and costs one statement, whatever the batch's size.
 */
@Repository
public class Inbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The same store over other connections, such as a rebuild's, whose search path is its scratch schema. */
    public Inbox over(JdbcClient other) {
        return new Inbox(other, clock);
    }

    /**
     * A delivery as recorded by its delivery id: what the reconciler read of it, and what became of it.
     *
     * @param orderId the order it concerned, when it reached one
     * @param reason why it was not applied, when it was not
     */
    public record Delivery(
            String deliveryId,
            UUID eventId,
            String event,
            String requestId,
            boolean test,
            Instant receivedAt,
            Outcome outcome,
            String orderId,
            String reason) {}

    /** What became of a record: its outcome, the order it concerned, and why when it was not applied. */
    public record Settled(String id, Outcome outcome, String orderId, String reason) {}

    /**
     * Which of these deliveries were processed before, by the provider's delivery id: the documented idempotency
     * key, the same on every retry of a delivery, and on every redelivery or replay of its record.
     */
    public Set<String> processedBefore(Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        SELECT delivery_id FROM webhook_deliveries WHERE delivery_id = ANY(CAST(:ids AS text[]))
                        """)
                .param("ids", deliveryIds.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /**
     * Records deliveries processed in this transaction, with what became of them, by delivery id
     * ({@code INSERT … ON CONFLICT DO NOTHING}). Should another transaction have recorded one of them since
     * {@link #processedBefore} (the same record consumed twice at once, by a replay racing the consumer), this one
     * fails and is retried, and then finds it processed.
     *
     * @throws ConcurrencyFailureException when one of them was recorded meanwhile
     */
    public void recordDeliveries(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        int size = deliveries.size();
        String[] ids = new String[size];
        String[] eventIds = new String[size];
        String[] events = new String[size];
        String[] requestIds = new String[size];
        Boolean[] tests = new Boolean[size];
        String[] receivedAt = new String[size];
        String[] outcomes = new String[size];
        String[] orderIds = new String[size];
        String[] reasons = new String[size];
        for (int i = 0; i < size; i++) {
            Delivery delivery = deliveries.get(i);
            ids[i] = delivery.deliveryId();
            eventIds[i] = delivery.eventId().toString();
            events[i] = delivery.event();
            requestIds[i] = delivery.requestId();
            tests[i] = delivery.test();
            receivedAt[i] = delivery.receivedAt().toString();
            outcomes[i] = delivery.outcome().name();
            orderIds[i] = delivery.orderId();
            reasons[i] = delivery.reason();
        }
        int recorded = jdbc.sql("""
                        INSERT INTO webhook_deliveries (delivery_id, event_id, event, request_id, test, outcome,
                                                        order_id, reason, received_at, recorded_at, settled_at)
                        SELECT d.delivery_id, d.event_id, d.event, d.request_id, d.test, d.outcome, d.order_id,
                               d.reason, d.received_at, :now, :now
                        FROM unnest(CAST(:ids AS text[]), CAST(:eventIds AS uuid[]), CAST(:events AS text[]),
                                    CAST(:requestIds AS text[]), CAST(:tests AS boolean[]),
                                    CAST(:receivedAt AS timestamptz[]), CAST(:outcomes AS text[]),
                                    CAST(:orderIds AS text[]), CAST(:reasons AS text[]))
                             AS d(delivery_id, event_id, event, request_id, test, received_at, outcome, order_id,
                                  reason)
                        ON CONFLICT (delivery_id) DO NOTHING
                        """)
                .param("ids", ids)
                .param("eventIds", eventIds)
                .param("events", events)
                .param("requestIds", requestIds)
                .param("tests", tests)
                .param("receivedAt", receivedAt)
                .param("outcomes", outcomes)
                .param("orderIds", orderIds)
                .param("reasons", reasons)
                .param("now", now())
                .update();
        if (recorded != size) {
            throw new ConcurrencyFailureException(
                    (size - recorded) + " of " + size + " deliveries were recorded by another transaction meanwhile");
        }
    }

    /** Settles deliveries recorded before (parked ones, applied once their link arrived). */
    public void settleDeliveries(List<Settled> settled) {
        settle("webhook_deliveries", "delivery_id", "text", ", settled_at = :now", settled);
    }

    /** Records link events by event id; answers the ids recorded now (the others were processed before). */
    public Set<UUID> recordLinkEvents(List<UUID> eventIds, List<String> types, List<String> orderIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO link_events (event_id, type, order_id, outcome, processed_at)
                        SELECT e.event_id, e.type, e.order_id, 'RECEIVED', :now
                        FROM unnest(CAST(:eventIds AS uuid[]), CAST(:types AS text[]), CAST(:orderIds AS text[]))
                             WITH ORDINALITY AS e(event_id, type, order_id, position)
                        ORDER BY e.position
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id
                        """)
                .param("eventIds", strings(eventIds))
                .param("types", types.toArray(String[]::new))
                .param("orderIds", orderIds.toArray(String[]::new))
                .param("now", now())
                .query(UUID.class)
                .list());
    }

    public void settleLinkEvents(List<Settled> settled) {
        settle("link_events", "event_id", "uuid", "", settled);
    }

    /** Records provider observations by event id; answers the ids recorded now. */
    public Set<UUID> recordObservations(List<UUID> eventIds, List<String> requestIds, List<Instant> observedAt) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO provider_observations (event_id, request_id, outcome, observed_at, recorded_at)
                        SELECT o.event_id, o.request_id, 'RECEIVED', o.observed_at, :now
                        FROM unnest(CAST(:eventIds AS uuid[]), CAST(:requestIds AS text[]),
                                    CAST(:observedAt AS timestamptz[]))
                             WITH ORDINALITY AS o(event_id, request_id, observed_at, position)
                        ORDER BY o.position
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id
                        """)
                .param("eventIds", strings(eventIds))
                .param("requestIds", requestIds.toArray(String[]::new))
                .param("observedAt", observedAt.stream().map(Instant::toString).toArray(String[]::new))
                .param("now", now())
                .query(UUID.class)
                .list());
    }

    public void settleObservations(List<Settled> settled) {
        settle("provider_observations", "event_id", "uuid", "", settled);
    }

    /** What a delivery's record says became of it. */
    public record DeliveryOutcome(String deliveryId, String requestId, String outcome, String orderId, String reason) {}

    /** The records of these deliveries, in the order they were received. */
    public List<DeliveryOutcome> outcomes(Collection<String> deliveryIds) {
        return jdbc.sql("""
                        SELECT delivery_id, request_id, outcome, order_id, reason FROM webhook_deliveries
                        WHERE delivery_id = ANY(CAST(:ids AS text[])) ORDER BY received_at, delivery_id
                        """)
                .param("ids", deliveryIds.toArray(String[]::new))
                .query((rs, row) -> new DeliveryOutcome(
                        rs.getString("delivery_id"),
                        rs.getString("request_id"),
                        rs.getString("outcome"),
                        rs.getString("order_id"),
                        rs.getString("reason")))
                .list();
    }

    /**
     * Forgets the delivery records ({@code PARKED}, or {@code IGNORED} as foreign) of parked webhooks taken out to be
     * applied again ({@link ParkedWebhooks#takeKnown}), so that applying them records their new outcome.
     */
    public void forgetParked(Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        DELETE FROM webhook_deliveries
                        WHERE delivery_id = ANY(CAST(:ids AS text[])) AND outcome IN ('PARKED', 'IGNORED')
                        """).param("ids", deliveryIds.toArray(String[]::new)).update();
    }

    /**
     * Records on their deliveries that parked webhooks were just marked foreign ({@link ParkedWebhooks#markForeign}):
     * {@code IGNORED}, with {@code reason} (in which {@code %s} stands for the request id). A delivery settled
     * otherwise meanwhile keeps its outcome.
     */
    public void settleForeign(List<ParkedWebhooks.MarkedForeign> marked, String reason) {
        if (marked.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE webhook_deliveries d
                        SET outcome = 'IGNORED', reason = replace(:reason, '%s', m.request_id), settled_at = :now
                        FROM unnest(CAST(:ids AS text[]), CAST(:requestIds AS text[])) AS m(delivery_id, request_id)
                        WHERE d.delivery_id = m.delivery_id AND d.outcome = 'PARKED'
                        """)
                .param(
                        "ids",
                        marked.stream()
                                .map(ParkedWebhooks.MarkedForeign::deliveryId)
                                .toArray(String[]::new))
                .param(
                        "requestIds",
                        marked.stream()
                                .map(ParkedWebhooks.MarkedForeign::requestId)
                                .toArray(String[]::new))
                .param("reason", reason)
                .param("now", now())
                .update();
    }

    /**
     * Records on their deliveries that an operator discarded these parked webhooks: {@code IGNORED}, with
     * {@code reason}. A delivery settled otherwise meanwhile keeps its outcome.
     */
    public void settleDiscarded(List<ParkedWebhooks.Discarded> discarded, String reason) {
        if (discarded.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE webhook_deliveries d
                        SET outcome = 'IGNORED', reason = :reason, settled_at = :now
                        WHERE d.delivery_id = ANY(CAST(:ids AS text[])) AND d.outcome IN ('PARKED', 'IGNORED')
                        """)
                .param(
                        "ids",
                        discarded.stream()
                                .map(ParkedWebhooks.Discarded::deliveryId)
                                .toArray(String[]::new))
                .param("reason", reason)
                .param("now", now())
                .update();
    }

    /**
     * Copies the records of these deliveries from schema {@code live} into this store, as they are there: for a
     * rebuild, over its scratch schema's connections, with the parked webhooks an operator discarded
     * ({@link ParkedWebhooks#copyDiscarded}), so that its replay of the log finds them processed, {@code IGNORED} with
     * the operator's reason, and applies them no more than the live path does.
     */
    public void copyDeliveries(String live, Collection<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (delivery_id, event_id, event, request_id, test, outcome,
                                                        order_id, reason, received_at, recorded_at, settled_at)
                        SELECT l.delivery_id, l.event_id, l.event, l.request_id, l.test, l.outcome, l.order_id,
                               l.reason, l.received_at, l.recorded_at, l.settled_at
                        FROM %s.webhook_deliveries l
                        WHERE l.delivery_id = ANY(CAST(:ids AS text[]))
                        ON CONFLICT (delivery_id) DO NOTHING
                        """.formatted(ParkedWebhooks.quote(live)))
                .param("ids", deliveryIds.toArray(String[]::new))
                .update();
    }

    private void settle(String table, String idColumn, String idType, String extra, List<Settled> settled) {
        if (settled.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE %1$s t SET outcome = s.outcome, order_id = s.order_id, reason = s.reason%3$s
                        FROM unnest(CAST(:ids AS %2$s[]), CAST(:outcomes AS text[]), CAST(:orderIds AS text[]),
                                    CAST(:reasons AS text[])) AS s(id, outcome, order_id, reason)
                        WHERE t.%4$s = s.id
                        """.formatted(table, idType, extra, idColumn))
                .param("ids", settled.stream().map(Settled::id).toArray(String[]::new))
                .param("outcomes", settled.stream().map(s -> s.outcome().name()).toArray(String[]::new))
                .param("orderIds", settled.stream().map(Settled::orderId).toArray(String[]::new))
                .param("reasons", settled.stream().map(Settled::reason).toArray(String[]::new))
                .param("now", now())
                .update();
    }

    private static String[] strings(List<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private OffsetDateTime now() {
        return utc(clock.instant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

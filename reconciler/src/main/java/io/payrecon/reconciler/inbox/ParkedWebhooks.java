package io.payrecon.reconciler.inbox;

import io.payrecon.events.EventCodec;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Webhooks whose request id is not known yet, kept whole until a link event brings it (architecture §3: parked,
 * never dropped): the owner of {@code parked_webhooks}. What became of each delivery stays the inbox's
 * ({@link Inbox}); the callers change both in one transaction. {@link ParkedQueries} is the read side.
 */
@Repository
public class ParkedWebhooks {

    private final JdbcClient jdbc;
    private final Clock clock;

    ParkedWebhooks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The same store over other connections, such as a rebuild's. */
    public ParkedWebhooks over(JdbcClient other) {
        return new ParkedWebhooks(other, clock);
    }

    /** A webhook to park, under the request id read from its body. */
    public record ToPark(String requestId, WebhookReceived webhook) {}

    /** Keeps webhooks whose request id is not known yet, whole, until a link event brings that request id. */
    public void park(List<ToPark> webhooks) {
        if (webhooks.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO parked_webhooks (delivery_id, request_id, event, parked_at)
                        SELECT p.delivery_id, p.request_id, p.event, :now
                        FROM unnest(CAST(:ids AS text[]), CAST(:requestIds AS text[]), CAST(:events AS bytea[]))
                             WITH ORDINALITY AS p(delivery_id, request_id, event, position)
                        ORDER BY p.position
                        ON CONFLICT (delivery_id) DO NOTHING
                        """)
                .param(
                        "ids",
                        webhooks.stream().map(p -> p.webhook().deliveryId()).toArray(String[]::new))
                .param("requestIds", webhooks.stream().map(ToPark::requestId).toArray(String[]::new))
                .param(
                        "events",
                        webhooks.stream()
                                .map(p -> EventCodec.write(p.webhook()))
                                .toArray(byte[][]::new))
                .param("now", now())
                .update();
    }

    /** A webhook taken out of parking, and when it had been marked foreign ({@code null}: it was still waited for). */
    public record Unparked(WebhookReceived webhook, Instant foreignAt) {}

    /**
     * Takes out the webhooks parked for these request ids: per request id, in the order they were parked. Those an
     * operator discarded stay parked, never applied.
     */
    public Map<String, List<Unparked>> unpark(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        record Parked(long parkedId, String requestId, byte[] event, OffsetDateTime foreignAt) {}
        List<Parked> parked = jdbc.sql("""
                        DELETE FROM parked_webhooks
                        WHERE request_id = ANY(CAST(:requestIds AS text[])) AND discarded_at IS NULL
                        RETURNING parked_id, request_id, event, foreign_at
                        """)
                .param("requestIds", requestIds.toArray(String[]::new))
                .query((rs, row) -> new Parked(
                        rs.getLong("parked_id"),
                        rs.getString("request_id"),
                        rs.getBytes("event"),
                        rs.getObject("foreign_at", OffsetDateTime.class)))
                .list();
        Map<String, List<Unparked>> byRequest = new LinkedHashMap<>();
        parked.stream()
                .sorted(Comparator.comparingLong(Parked::parkedId))
                .forEach(row -> byRequest
                        .computeIfAbsent(row.requestId(), id -> new ArrayList<>())
                        .add(new Unparked(
                                (WebhookReceived) EventCodec.read(row.event(), WebhookEvent.class),
                                row.foreignAt() == null ? null : row.foreignAt().toInstant())));
        return byRequest;
    }

    /** A parked webhook whose request id is known now, taken out to be applied again. */
    public record Retrying(String deliveryId, String requestId, byte[] event) {}

    /**
     * Takes out up to {@code limit} webhooks still parked although their request id belongs to an order now (those
     * taken for foreign included), oldest first; their delivery records are the inbox's to forget
     * ({@link Inbox#forgetParked}), in the same transaction. Rows another transaction holds are skipped.
     */
    public List<Retrying> takeKnown(int limit) {
        return takeKnown(null, limit);
    }

    /** As {@link #takeKnown(int)}, of these parked webhooks only ({@code null}: any). */
    public List<Retrying> takeKnown(List<Long> parkedIds, int limit) {
        record Parked(long parkedId, Retrying webhook) {}
        List<Retrying> taken = jdbc
                .sql("""
                        DELETE FROM parked_webhooks p
                        WHERE p.parked_id IN (SELECT q.parked_id FROM parked_webhooks q
                                              JOIN order_requests r ON r.request_id = q.request_id
                                              WHERE q.discarded_at IS NULL
                                                AND (CAST(:ids AS bigint[]) IS NULL
                                                     OR q.parked_id = ANY(CAST(:ids AS bigint[])))
                                              ORDER BY q.parked_id LIMIT :limit
                                              FOR UPDATE OF q SKIP LOCKED)
                        RETURNING p.parked_id, p.delivery_id, p.request_id, p.event
                        """)
                .param("ids", parkedIds == null ? null : parkedIds.toArray(Long[]::new))
                .param("limit", limit)
                .query((rs, row) -> new Parked(
                        rs.getLong("parked_id"),
                        new Retrying(rs.getString("delivery_id"), rs.getString("request_id"), rs.getBytes("event"))))
                .list()
                .stream()
                .sorted(Comparator.comparingLong(Parked::parkedId))
                .map(Parked::webhook)
                .toList();
        return taken;
    }

    /** A parked webhook just marked foreign. */
    public record MarkedForeign(String deliveryId, String requestId, Instant parkedAt) {}

    /**
     * Marks foreign, at most {@code limit} at a time, the webhooks parked before {@code cutoff} whose request id still
     * belongs to no order; the decision goes on their deliveries through {@link Inbox#settleForeign}, in the same
     * transaction. They stay parked: a link that still comes takes them out and applies them,
     * as it does any parked webhook. Rows a link batch is taking out right now are skipped ({@code SKIP LOCKED}), and
     * marking one twice is impossible, so instances may run this at once.
     */
    public List<MarkedForeign> markForeign(Instant cutoff, int limit) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT p.parked_id FROM parked_webhooks p
                            WHERE p.foreign_at IS NULL AND p.discarded_at IS NULL AND p.parked_at < :cutoff
                              AND NOT EXISTS (SELECT 1 FROM order_requests r WHERE r.request_id = p.request_id)
                            ORDER BY p.parked_id
                            LIMIT :limit
                            FOR UPDATE OF p SKIP LOCKED),
                        marked AS (
                            UPDATE parked_webhooks p SET foreign_at = :now
                            FROM due WHERE p.parked_id = due.parked_id
                            RETURNING p.parked_id, p.delivery_id, p.request_id, p.parked_at)
                        SELECT m.delivery_id, m.request_id, m.parked_at FROM marked m ORDER BY m.parked_id
                        """)
                .param("cutoff", utc(cutoff))
                .param("limit", limit)
                .param("now", now())
                .query((rs, row) -> new MarkedForeign(
                        rs.getString("delivery_id"),
                        rs.getString("request_id"),
                        rs.getObject("parked_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** A parked webhook an operator just discarded. */
    public record Discarded(long parkedId, String deliveryId, String requestId) {}

    /**
     * Marks these parked webhooks discarded by {@code operator} with {@code reason}, those not discarded already: kept
     * in the table, never applied from then on (a link leaves them parked, the retry and the foreign check skip them).
     * Their deliveries are the inbox's to settle ({@link Inbox#settleDiscarded}), in the same transaction. Rows another
     * transaction holds (a link taking them out right now) are skipped.
     */
    public List<Discarded> discard(List<Long> parkedIds, String operator, String reason) {
        if (parkedIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        WITH chosen AS (
                            SELECT p.parked_id FROM parked_webhooks p
                            WHERE p.parked_id = ANY(CAST(:ids AS bigint[])) AND p.discarded_at IS NULL
                            ORDER BY p.parked_id
                            FOR UPDATE OF p SKIP LOCKED),
                        marked AS (
                            UPDATE parked_webhooks p
                            SET discarded_at = :now, discarded_by = :operator, discard_reason = :reason
                            FROM chosen WHERE p.parked_id = chosen.parked_id
                            RETURNING p.parked_id, p.delivery_id, p.request_id)
                        SELECT m.parked_id, m.delivery_id, m.request_id FROM marked m ORDER BY m.parked_id
                        """)
                .param("ids", parkedIds.toArray(Long[]::new))
                .param("now", now())
                .param("operator", operator)
                .param("reason", reason)
                .query((rs, row) ->
                        new Discarded(rs.getLong("parked_id"), rs.getString("delivery_id"), rs.getString("request_id")))
                .list();
    }

    /**
     * Copies the parked webhooks an operator discarded in schema {@code live} into this store, as they are there
     * (without their {@code parked_id}): for a rebuild, over its scratch schema's connections, before it replays the
     * log ({@code Rebuild}), since the log does not hold an operator's discard. Their deliveries are the inbox's to
     * copy ({@link Inbox#copyDeliveries}), in the same transaction.
     *
     * @return the delivery ids of the webhooks copied
     */
    public List<String> copyDiscarded(String live) {
        return jdbc.sql("""
                        INSERT INTO parked_webhooks (delivery_id, request_id, event, parked_at, foreign_at,
                                                     discarded_at, discarded_by, discard_reason)
                        SELECT l.delivery_id, l.request_id, l.event, l.parked_at, l.foreign_at,
                               l.discarded_at, l.discarded_by, l.discard_reason
                        FROM %s.parked_webhooks l
                        WHERE l.discarded_at IS NOT NULL
                        ORDER BY l.parked_id
                        ON CONFLICT (delivery_id) DO NOTHING
                        RETURNING delivery_id
                        """.formatted(quote(live))).query(String.class).list();
    }

    static String quote(String schema) {
        return '"' + schema.replace("\"", "\"\"") + '"';
    }

    private OffsetDateTime now() {
        return utc(clock.instant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

package io.payrecon.reconciler.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The parked webhooks as operators and the stale-parking alert see them: listed and counted by state and age. Reads
 * only; {@link Inbox} parks, unparks and marks them.
 */
@Repository
public class ParkedQueries {

    private final JdbcClient jdbc;

    ParkedQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Which parked webhooks: those still waited for, those marked foreign, those discarded, or all. */
    public enum ParkedState {
        WAITING("p.foreign_at IS NULL AND p.discarded_at IS NULL"),
        FOREIGN("p.foreign_at IS NOT NULL AND p.discarded_at IS NULL"),
        /** Discarded by an operator: kept, never applied. */
        DISCARDED("p.discarded_at IS NOT NULL"),
        ALL("true");

        private final String condition;

        ParkedState(String condition) {
            this.condition = condition;
        }

        /** As the API names it: {@code waiting}, {@code foreign}, {@code all}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A parked webhook, as operators see it.
     *
     * @param state {@code waiting} for its link, or {@code foreign}: no link of ours came within
     *     {@code reconciler.parked.foreign-after}; it is still applied should one come; or {@code discarded} by an
     *     operator: kept, never applied
     * @param foreignAt when it was marked foreign, or {@code null}
     * @param reason what its delivery record says: why it is parked, why it is taken for foreign, or that an operator
     *     discarded it and why
     * @param discardedAt when an operator discarded it, or {@code null}
     * @param discardedBy the operator who discarded it, or {@code null}
     * @param discardReason the reason they gave, or {@code null}
     */
    public record ParkedWebhook(
            long parkedId,
            String deliveryId,
            String requestId,
            String event,
            Instant parkedAt,
            String state,
            Instant foreignAt,
            String reason,
            Instant discardedAt,
            String discardedBy,
            String discardReason) {}

    /**
     * The webhooks parked since before {@code cutoff} in this state, oldest first, after the parked entry
     * {@code after} (from the oldest when 0): paged by key. And how many there are in all.
     */
    public ParkedPage parkedBefore(Instant cutoff, ParkedState state, long after, int limit) {
        List<ParkedWebhook> parked = jdbc.sql("""
                        SELECT p.parked_id, p.delivery_id, p.request_id, d.event, p.parked_at, p.foreign_at, d.reason,
                               p.discarded_at, p.discarded_by, p.discard_reason
                        FROM parked_webhooks p LEFT JOIN webhook_deliveries d ON d.delivery_id = p.delivery_id
                        WHERE p.parked_at < :cutoff AND p.parked_id > :after AND %s
                        ORDER BY p.parked_id
                        LIMIT :limit
                        """.formatted(state.condition))
                .param("cutoff", utc(cutoff))
                .param("after", after)
                .param("limit", limit)
                .query(ParkedQueries::parkedWebhook)
                .list();
        return new ParkedPage(parked, countParkedBefore(cutoff, state));
    }

    /** These parked webhooks, in the order they were parked; ids of none are left out. */
    public List<ParkedWebhook> parked(List<Long> parkedIds) {
        return jdbc.sql("""
                        SELECT p.parked_id, p.delivery_id, p.request_id, d.event, p.parked_at, p.foreign_at, d.reason,
                               p.discarded_at, p.discarded_by, p.discard_reason
                        FROM parked_webhooks p LEFT JOIN webhook_deliveries d ON d.delivery_id = p.delivery_id
                        WHERE p.parked_id = ANY(CAST(:ids AS bigint[]))
                        ORDER BY p.parked_id
                        """)
                .param("ids", parkedIds.toArray(Long[]::new))
                .query(ParkedQueries::parkedWebhook)
                .list();
    }

    /** When the oldest webhook still waited for was parked; empty when none is. */
    public Optional<Instant> oldestWaiting() {
        return jdbc.sql("SELECT min(p.parked_at) FROM parked_webhooks p WHERE %s"
                        .formatted(ParkedState.WAITING.condition))
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class))
                .optional()
                .map(OffsetDateTime::toInstant);
    }

    private static ParkedWebhook parkedWebhook(ResultSet rs, int row) throws SQLException {
        OffsetDateTime foreignAt = rs.getObject("foreign_at", OffsetDateTime.class);
        OffsetDateTime discardedAt = rs.getObject("discarded_at", OffsetDateTime.class);
        ParkedState state = discardedAt != null
                ? ParkedState.DISCARDED
                : foreignAt == null ? ParkedState.WAITING : ParkedState.FOREIGN;
        return new ParkedWebhook(
                rs.getLong("parked_id"),
                rs.getString("delivery_id"),
                rs.getString("request_id"),
                rs.getString("event"),
                rs.getObject("parked_at", OffsetDateTime.class).toInstant(),
                state.wireName(),
                foreignAt == null ? null : foreignAt.toInstant(),
                rs.getString("reason"),
                discardedAt == null ? null : discardedAt.toInstant(),
                rs.getString("discarded_by"),
                rs.getString("discard_reason"));
    }

    /** How many webhooks are parked in this state. */
    public long countParked(ParkedState state) {
        return jdbc.sql("SELECT count(*) FROM parked_webhooks p WHERE %s".formatted(state.condition))
                .query(Long.class)
                .single();
    }

    /** How many webhooks in this state were parked before {@code cutoff}. */
    public long countParkedBefore(Instant cutoff, ParkedState state) {
        return jdbc.sql("SELECT count(*) FROM parked_webhooks p WHERE p.parked_at < :cutoff AND %s"
                        .formatted(state.condition))
                .param("cutoff", utc(cutoff))
                .query(Long.class)
                .single();
    }

    /** Parked webhooks, and how many match in all. */
    public record ParkedPage(List<ParkedWebhook> parked, long total) {}

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}

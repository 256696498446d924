package io.payrecon.reconciler.inbox;

import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The index of the records no listener could apply ({@code dead_letters}; each record's home is its dead-letter
 * topic): kept whole with the reason, listed for operators, and settled once, retried or discarded. The only writer
 * of the table.
 */
@Repository
public class DeadLetterStore {

    public static final String PENDING = "PENDING";
    public static final String RETRIED = "RETRIED";
    public static final String DISCARDED = "DISCARDED";

    private static final String COLUMNS = """
            SELECT dead_letter_id, source_topic, source_partition, source_offset, record_key, reason, recorded_at,
                   state, settled_by, settled_at, settle_reason, value
            FROM dead_letters
            """;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;

    DeadLetterStore(JdbcClient jdbc, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    /** A dead letter as listed: where it came from, why, and what operators did with it. */
    @Schema(name = "DeadLetterSummary")
    public record Summary(
            long id,
            String topic,
            int partition,
            long offset,
            String key,
            String reason,
            Instant at,
            String state,
            String settledBy,
            Instant settledAt,
            String settleReason) {}

    /**
     * A dead letter whole.
     *
     * @param valueText the record's value when it is UTF-8 text (the events are JSON), else null
     * @param valueBase64 the record's value, exactly
     * @param headers the record's original headers, name to value as text ({@code base64:…} when not UTF-8); null for
     *     dead letters recorded before they were kept
     */
    @Schema(name = "DeadLetterDetail")
    public record Detail(
            Summary summary, String valueText, String valueBase64, int valueBytes, Map<String, String> headers) {}

    /** A dead letter locked for settling: the record, and whether and by whom it was settled. */
    public record Locked(
            String topic, int partition, long offset, String key, byte[] value, String state, String settledBy) {

        public boolean pending() {
            return PENDING.equals(state);
        }
    }

    /**
     * Keeps an index entry of a record sent to its dead-letter topic, with the reason, so operators can list them
     * without reading the topic. Keyed by its position on the log: a record dead-lettered again (a redelivery) is
     * listed once. Runs in its own transaction: the record's batch has already been handled.
     */
    public void record(InboundRecord record, String reason) {
        record(record, reason, null);
    }

    /**
     * As {@link #record(InboundRecord, String)}, with the record's original headers (name to value as text; a value
     * that is not UTF-8 as {@code base64:} and its bytes).
     */
    public void record(InboundRecord record, String reason, Map<String, String> headers) {
        jdbc.sql("""
                        INSERT INTO dead_letters (source_topic, source_partition, source_offset, record_key, reason,
                                                  value, recorded_at, headers)
                        VALUES (:topic, :partition, :offset, :key, :reason, :value, :now, CAST(:headers AS jsonb))
                        ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING
                        """)
                .param("headers", headers == null ? null : json.writeValueAsString(headers))
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .param("key", record.key())
                .param("reason", reason)
                .param("value", record.value())
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The newest entries in this state (any when null) before the entry {@code before} (from the newest when null). */
    public List<Summary> latest(String state, Long before, int limit) {
        return jdbc.sql(COLUMNS + """
                        WHERE (CAST(:state AS text) IS NULL OR state = CAST(:state AS text))
                          AND (CAST(:before AS bigint) IS NULL OR dead_letter_id < CAST(:before AS bigint))
                        ORDER BY dead_letter_id DESC LIMIT :limit
                        """)
                .param("state", state)
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> summary(rs))
                .list();
    }

    /**
     * Which dead letters: in a state ({@code PENDING}, {@code RETRIED}, {@code DISCARDED}), from a source topic, with a
     * piece of text in their reason (case-insensitive); each one left out (null) matches any.
     */
    public record Filter(String state, String topic, String reasonContains) {

        public static final Filter ANY = new Filter(null, null, null);
    }

    /** The newest entries that match, before the entry {@code before} (from the newest when null): paged by key. */
    public List<Summary> matching(Filter filter, Long before, int limit) {
        return jdbc.sql(COLUMNS + """
                        WHERE (CAST(:state AS text) IS NULL OR state = CAST(:state AS text))
                          AND (CAST(:topic AS text) IS NULL OR source_topic = CAST(:topic AS text))
                          AND (CAST(:reason AS text) IS NULL
                               OR strpos(lower(reason), lower(CAST(:reason AS text))) > 0)
                          AND (CAST(:before AS bigint) IS NULL OR dead_letter_id < CAST(:before AS bigint))
                        ORDER BY dead_letter_id DESC LIMIT :limit
                        """)
                .param("state", filter.state())
                .param("topic", filter.topic())
                .param("reason", filter.reasonContains())
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> summary(rs))
                .list();
    }

    /** How many entries match. */
    public long count(Filter filter) {
        return jdbc.sql("""
                        SELECT count(*) FROM dead_letters
                        WHERE (CAST(:state AS text) IS NULL OR state = CAST(:state AS text))
                          AND (CAST(:topic AS text) IS NULL OR source_topic = CAST(:topic AS text))
                          AND (CAST(:reason AS text) IS NULL
                               OR strpos(lower(reason), lower(CAST(:reason AS text))) > 0)
                        """)
                .param("state", filter.state())
                .param("topic", filter.topic())
                .param("reason", filter.reasonContains())
                .query(Long.class)
                .single();
    }

    /** The source topics dead letters came from, for a filter to choose among. */
    public List<String> topics() {
        return jdbc.sql("SELECT DISTINCT source_topic FROM dead_letters ORDER BY source_topic")
                .query(String.class)
                .list();
    }

    /** These entries as listed, newest first; ids of no entry are left out. */
    public List<Summary> summaries(List<Long> ids) {
        return jdbc.sql(COLUMNS + " WHERE dead_letter_id = ANY(CAST(:ids AS bigint[])) ORDER BY dead_letter_id DESC")
                .param("ids", ids.toArray(Long[]::new))
                .query((rs, row) -> summary(rs))
                .list();
    }

    public Optional<Detail> find(long id) {
        return jdbc.sql(COLUMNS.replace("SELECT ", "SELECT CAST(headers AS text) AS headers, ")
                        + " WHERE dead_letter_id = :id")
                .param("id", id)
                .query((rs, row) -> {
                    byte[] value = rs.getBytes("value");
                    return new Detail(
                            summary(rs),
                            text(value),
                            value == null ? null : Base64.getEncoder().encodeToString(value),
                            value == null ? 0 : value.length,
                            headers(rs.getString("headers")));
                })
                .optional();
    }

    /**
     * The records operators retried, in the order they were retried: for a rebuild, which applies them again as live
     * did. Few by nature (each is a person's decision), so read at once.
     */
    public List<InboundRecord> retried() {
        return jdbc.sql("""
                        SELECT source_topic, source_partition, source_offset, record_key, value
                        FROM dead_letters WHERE state = :retried AND value IS NOT NULL
                        ORDER BY settled_at, dead_letter_id
                        """)
                .param("retried", RETRIED)
                .query((rs, n) -> new InboundRecord(
                        rs.getString("source_topic"),
                        rs.getInt("source_partition"),
                        rs.getLong("source_offset"),
                        rs.getString("record_key"),
                        rs.getBytes("value")))
                .list();
    }

    /** The entry, its row locked until the transaction ends; empty when there is none. */
    public Optional<Locked> lock(long id) {
        return jdbc.sql("""
                        SELECT source_topic, source_partition, source_offset, record_key, value, state, settled_by
                        FROM dead_letters WHERE dead_letter_id = :id FOR UPDATE
                        """)
                .param("id", id)
                .query((rs, n) -> new Locked(
                        rs.getString("source_topic"),
                        rs.getInt("source_partition"),
                        rs.getLong("source_offset"),
                        rs.getString("record_key"),
                        rs.getBytes("value"),
                        rs.getString("state"),
                        rs.getString("settled_by")))
                .optional();
    }

    /** Marks a pending entry retried (applied) or discarded (with the reason, {@code null} for a retry). */
    public void settle(long id, String state, String operator, String reason) {
        jdbc.sql("""
                        UPDATE dead_letters SET state = :state, settled_by = :operator, settled_at = :now,
                                                settle_reason = :reason
                        WHERE dead_letter_id = :id
                        """)
                .param("state", state)
                .param("operator", operator)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("reason", reason)
                .param("id", id)
                .update();
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        OffsetDateTime settledAt = rs.getObject("settled_at", OffsetDateTime.class);
        return new Summary(
                rs.getLong("dead_letter_id"),
                rs.getString("source_topic"),
                rs.getInt("source_partition"),
                rs.getLong("source_offset"),
                rs.getString("record_key"),
                rs.getString("reason"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("state"),
                rs.getString("settled_by"),
                settledAt == null ? null : settledAt.toInstant(),
                rs.getString("settle_reason"));
    }

    private Map<String, String> headers(String stored) {
        if (stored == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>();
        json.readTree(stored)
                .properties()
                .forEach(entry -> headers.put(entry.getKey(), entry.getValue().asString()));
        return headers;
    }

    /** A record's headers as {@link #record(InboundRecord, String, Map)} keeps them; the last of a repeated name wins. */
    public static Map<String, String> headers(Iterable<? extends Map.Entry<String, byte[]>> headers) {
        Map<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, byte[]> header : headers) {
            byte[] value = header.getValue();
            String text = text(value);
            kept.put(
                    header.getKey(),
                    value == null
                            ? ""
                            : text != null
                                    ? text
                                    : "base64:" + Base64.getEncoder().encodeToString(value));
        }
        return kept;
    }

    static String text(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

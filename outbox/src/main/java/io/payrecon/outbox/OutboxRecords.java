package io.payrecon.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The outbox table: appends in the caller's transaction, the relay's batch reads, lock and deletes. */
final class OutboxRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    /** The backlog is counted up to this. */
    static final int COUNT_CAP = 100_000;

    private final JdbcClient jdbc;
    private final String schema;
    private final String table;
    private final long relayLockKey;
    private final String waiting;

    OutboxRecords(DataSource dataSource, String schema) {
        this.jdbc = JdbcClient.create(dataSource);
        this.schema = schema;
        this.table = quote(schema) + ".outbox_record";
        this.relayLockKey = relayLockKey(schema);
        // Walks the primary key from the oldest record and stops at the cap. A published record's row is deleted but
        // stays until the next vacuum; a count(*) read every one of them (0.1-0.2 s a count at 1,000 events/s), while
        // the first scan past a dead index entry marks it, and later ones skip it without reading the table.
        this.waiting = "(SELECT count(*) FROM (SELECT 1 FROM %s ORDER BY id LIMIT :cap) AS waiting)".formatted(table);
    }

    String schema() {
        return schema;
    }

    /** One record to store: what {@link Outbox} computed from an event. */
    record NewRecord(String key, UUID eventId, String type, Map<String, String> headers, byte[] payload) {}

    /**
     * Stores records in list order. Appends for the same topic and key take a transaction-scoped advisory lock
     * first, so a second transaction for that key gets its ids only after the first committed: per key, id order is
     * commit order, and the relay never sees a later record of a key without the earlier ones. The locks of one call
     * are taken in one statement, in ascending order of their hash, so two callers appending for overlapping keys
     * wait for each other instead of deadlocking; the rows are inserted in one statement, ids in list order.
     *
     * @return the {@link KeySlots} of the records, whose relay lanes have something to publish after the commit
     */
    long insertAll(String topic, List<NewRecord> records) {
        String[] keys = new String[records.size()];
        String[] eventIds = new String[records.size()];
        String[] types = new String[records.size()];
        String[] headers = new String[records.size()];
        byte[][] payloads = new byte[records.size()][];
        for (int i = 0; i < records.size(); i++) {
            NewRecord record = records.get(i);
            keys[i] = record.key();
            eventIds[i] = record.eventId().toString();
            types[i] = record.type();
            headers[i] = JSON.writeValueAsString(record.headers());
            payloads[i] = record.payload();
        }
        // The subquery yields the hashes sorted, and the outer query takes the locks in the order it reads them.
        List<Integer> keyHashes = jdbc.sql("""
                        SELECT locks.key_hash, pg_advisory_xact_lock(hashtext(:scope), locks.key_hash)
                        FROM (SELECT DISTINCT hashtext(k) AS key_hash FROM unnest(CAST(:keys AS text[])) AS k
                              ORDER BY key_hash) AS locks
                        """)
                .param("scope", schema + ":" + topic)
                .param("keys", keys)
                .query((rs, row) -> rs.getInt("key_hash"))
                .list();
        jdbc.sql("""
                        INSERT INTO %s (topic, record_key, event_id, event_type, headers, payload)
                        SELECT :topic, r.record_key, r.event_id, r.event_type, CAST(r.headers AS jsonb), r.payload
                        FROM unnest(CAST(:keys AS text[]), CAST(:eventIds AS uuid[]), CAST(:types AS text[]),
                                    CAST(:headers AS text[]), CAST(:payloads AS bytea[]))
                             WITH ORDINALITY AS r(record_key, event_id, event_type, headers, payload, position)
                        ORDER BY r.position
                        """.formatted(table))
                .param("topic", topic)
                .param("keys", keys)
                .param("eventIds", eventIds)
                .param("types", types)
                .param("headers", headers)
                .param("payloads", payloads)
                .update();
        long slots = 0;
        for (int keyHash : keyHashes) {
            slots |= KeySlots.ofKeyHash(keyHash);
        }
        return slots;
    }

    /**
     * Takes the locks of those of {@code slots} that no other relay holds, for the current transaction, and answers
     * which it got. A slot's lock makes its holder the only relay lane, of any instance, that publishes the slot's
     * records until it commits or rolls back. First it takes the old whole-outbox relay lock in shared mode: a relay
     * of an earlier version, which takes that lock exclusively, and the lanes never publish at the same time (during
     * a rolling upgrade), while the lanes do not keep each other out. One statement; none of the locks wait.
     */
    long tryLockSlots(long slots) {
        List<Integer> locked = jdbc.sql("""
                        SELECT CASE WHEN pg_try_advisory_xact_lock_shared(:relayLock)
                                    THEN ARRAY(SELECT s FROM unnest(CAST(:slots AS int[])) AS s
                                               WHERE pg_try_advisory_xact_lock(hashtext(:slotScope), s))
                                    ELSE CAST('{}' AS int[]) END
                        """)
                .param("relayLock", relayLockKey)
                .param("slots", KeySlots.numbers(slots))
                .param("slotScope", "io.payrecon.outbox.relay-slot:" + schema)
                .query((rs, row) -> {
                    Integer[] numbers = (Integer[]) rs.getArray(1).getArray();
                    return List.of(numbers);
                })
                .single();
        return KeySlots.of(locked);
    }

    /** The oldest committed records of {@code slots}, in publication order. */
    List<PendingRecord> oldest(int limit, long slots) {
        String ofSlots =
                slots == KeySlots.ALL ? "" : "WHERE " + KeySlots.OF_RECORD_KEY + " = ANY(CAST(:slots AS int[]))";
        return jdbc.sql("""
                        SELECT id, topic, record_key, event_id, event_type, headers::text AS headers, payload
                        FROM %s
                        %s
                        ORDER BY id
                        LIMIT :limit
                        """.formatted(table, ofSlots))
                .params(
                        slots == KeySlots.ALL
                                ? Map.of("limit", limit)
                                : Map.of("limit", limit, "slots", KeySlots.numbers(slots)))
                .query((rs, row) -> new PendingRecord(
                        rs.getLong("id"),
                        rs.getString("topic"),
                        rs.getString("record_key"),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        JSON.readValue(rs.getString("headers"), HEADERS),
                        rs.getBytes("payload")))
                .list();
    }

    /** Deletes published records and answers how long each waited since it was appended. */
    List<Duration> delete(long[] ids) {
        return jdbc.sql("""
                        DELETE FROM %s
                        WHERE id = ANY(CAST(:ids AS bigint[]))
                        RETURNING (extract(epoch FROM clock_timestamp() - created_at) * 1000000)::bigint AS lag_micros
                        """.formatted(table))
                .param("ids", ids)
                .query((rs, row) -> Duration.ofNanos(Math.max(0, rs.getLong("lag_micros")) * 1000))
                .list();
    }

    /**
     * How many records wait, up to {@value #COUNT_CAP}: more means the same to an operator, and the oldest record's
     * wait ({@link #backlog()}) says how far behind the relay is.
     */
    long count() {
        return jdbc.sql("SELECT " + waiting)
                .param("cap", COUNT_CAP)
                .query(Long.class)
                .single();
    }

    /** How many records wait (up to {@value #COUNT_CAP}) and how long the oldest has, on the database's clock. */
    record Backlog(long records, Optional<Duration> oldestWaiting) {}

    Backlog backlog() {
        return jdbc.sql("""
                        SELECT %s AS records,
                               (SELECT (extract(epoch FROM clock_timestamp() - created_at) * 1000)::bigint
                                FROM %s ORDER BY id LIMIT 1) AS oldest_millis
                        """.formatted(waiting, table))
                .param("cap", COUNT_CAP)
                .query((rs, row) -> {
                    long oldestMillis = rs.getLong("oldest_millis");
                    Optional<Duration> oldest =
                            rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, oldestMillis)));
                    return new Backlog(rs.getLong("records"), oldest);
                })
                .single();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The lock a relay of an earlier version took for the whole outbox of {@code schema}, exclusively. */
    static long relayLockKey(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("io.payrecon.outbox.relay:" + schema).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

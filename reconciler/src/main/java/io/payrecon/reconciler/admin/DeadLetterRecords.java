package io.payrecon.reconciler.admin;

import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.order.OrderReconciliation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' handling of dead letters ({@code dead_letters}, the index of the records sent to {@code <topic>.dlt}).
 * A retry applies the original key and bytes through the reconciler's own path for their topic (still poison: refused,
 * the entry stays pending); a discard records why the record is given up. Each happens at most once per entry: the
 * row is locked, checked {@code PENDING}, the record applied and the row marked in one transaction, so a second retry
 * finds it done and applies nothing.
 */
@Component
class DeadLetterRecords {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

    static final String PENDING = "PENDING";
    static final String RETRIED = "RETRIED";
    static final String DISCARDED = "DISCARDED";

    private final JdbcClient jdbc;
    private final OrderReconciliation reconciliation;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DeadLetterRecords(
            JdbcClient jdbc, OrderReconciliation reconciliation, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.reconciliation = reconciliation;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A dead letter as listed: where it came from, why, and what operators did with it. */
    record Summary(
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
     */
    record Detail(Summary summary, String valueText, String valueBase64, int valueBytes) {}

    /** A retried dead letter: where it came from, and that it was applied. */
    record Retried(long id, String topic, int partition, long offset, String outcome) {}

    private static final String COLUMNS = """
            SELECT dead_letter_id, source_topic, source_partition, source_offset, record_key, reason, recorded_at,
                   state, settled_by, settled_at, settle_reason, value
            FROM dead_letters
            """;

    /** The newest entries before the entry {@code before} (from the newest when null): paged by key. */
    List<Summary> latest(String state, Long before, int limit) {
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

    Optional<Detail> find(long id) {
        return jdbc.sql(COLUMNS + " WHERE dead_letter_id = :id")
                .param("id", id)
                .query((rs, row) -> {
                    byte[] value = rs.getBytes("value");
                    return new Detail(
                            summary(rs),
                            text(value),
                            value == null ? null : Base64.getEncoder().encodeToString(value),
                            value == null ? 0 : value.length);
                })
                .optional();
    }

    /**
     * Applies the record through the reconciler's own path for its source topic, once: the original key and bytes, as
     * the listener would have, in the transaction that marks the entry retried. Not by writing it back to the source
     * topic: the reconciler has no right to write the topics other apps own (a record on
     * {@code payments.link-events.v1} can only come from link-service), and a webhook is checked again like any other.
     *
     * @throws org.springframework.web.ErrorResponseException 404 for no such entry, 409 when it was retried or
     *     discarded before, or has no value, 422 when the record still cannot be applied (the entry stays pending,
     *     nothing changed)
     */
    Retried retry(long id, String operator) {
        return transactions.execute(tx -> {
            Row row = lock(id);
            if (!row.state().equals(PENDING)) {
                throw alreadySettled(id, row);
            }
            if (row.value() == null) {
                throw Problems.conflict("Dead letter " + id + " has no value to apply; discard it instead");
            }
            List<Rejection> rejected = reconciliation.apply(
                    row.topic(),
                    List.of(new InboundRecord(row.topic(), row.partition(), row.offset(), row.key(), row.value())));
            if (!rejected.isEmpty()) {
                throw Problems.problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Still cannot be applied",
                        "Dead letter " + id + " still cannot be applied: "
                                + rejected.get(0).reason()
                                + ". Fix its cause and retry, or discard it with a reason; nothing was changed");
            }
            jdbc.sql("""
                            UPDATE dead_letters SET state = :state, settled_by = :operator, settled_at = :now
                            WHERE dead_letter_id = :id
                            """)
                    .param("state", RETRIED)
                    .param("operator", operator)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .param("id", id)
                    .update();
            log.info(
                    "Dead letter {} ({}-{}@{}, key {}) retried by {}: applied",
                    id,
                    row.topic(),
                    row.partition(),
                    row.offset(),
                    row.key(),
                    operator);
            return new Retried(id, row.topic(), row.partition(), row.offset(), "applied");
        });
    }

    /** Gives the record up, with the reason; once. */
    Summary discard(long id, String operator, String reason) {
        return transactions.execute(tx -> {
            Row row = lock(id);
            if (!row.state().equals(PENDING)) {
                throw alreadySettled(id, row);
            }
            jdbc.sql("""
                            UPDATE dead_letters SET state = :state, settled_by = :operator, settled_at = :now,
                                                    settle_reason = :reason
                            WHERE dead_letter_id = :id
                            """)
                    .param("state", DISCARDED)
                    .param("operator", operator)
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .param("reason", reason)
                    .param("id", id)
                    .update();
            log.info(
                    "Dead letter {} ({}-{}@{}) discarded by {}",
                    id,
                    row.topic(),
                    row.partition(),
                    row.offset(),
                    operator);
            return find(id).orElseThrow().summary();
        });
    }

    private record Row(
            String topic, int partition, long offset, String key, byte[] value, String state, String settledBy) {}

    private Row lock(long id) {
        return jdbc.sql("""
                        SELECT source_topic, source_partition, source_offset, record_key, value, state, settled_by
                        FROM dead_letters WHERE dead_letter_id = :id FOR UPDATE
                        """)
                .param("id", id)
                .query((rs, n) -> new Row(
                        rs.getString("source_topic"),
                        rs.getInt("source_partition"),
                        rs.getLong("source_offset"),
                        rs.getString("record_key"),
                        rs.getBytes("value"),
                        rs.getString("state"),
                        rs.getString("settled_by")))
                .optional()
                .orElseThrow(() -> Problems.notFound("No dead letter " + id + ": list them with GET /admin/dlt"));
    }

    private static org.springframework.web.ErrorResponseException alreadySettled(long id, Row row) {
        return Problems.conflict("Dead letter " + id + " was already "
                + row.state().toLowerCase() + " by " + row.settledBy() + "; nothing was done");
    }

    private static Summary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
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

    private static String text(byte[] value) {
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

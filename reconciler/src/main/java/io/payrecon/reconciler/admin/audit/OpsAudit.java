package io.payrecon.reconciler.admin.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log of operations ({@code ops_audit}): who (the operator the request authenticated as, never a name the
 * caller chose), when, what (the command and its arguments as JSON) and the outcome. An operation's entry is written
 * before it runs, outcome {@value #STARTED}, and completed with its outcome afterwards (see {@link Audited}); each
 * write is its own statement, committed at once, outside the operation's transaction.
 */
@Repository
class OpsAudit {

    static final String STARTED = "started";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    OpsAudit(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * One operation as recorded.
     *
     * @param at when it started
     * @param finishedAt when its outcome was recorded; null while it runs, or when it never was (see docs)
     */
    @Schema(name = "AuditEntry")
    record Entry(
            long id,
            String operator,
            Instant at,
            String command,
            JsonNode arguments,
            String outcome,
            Instant finishedAt) {}

    /** Records that the operation is about to run; its id is for {@link #finish}. */
    long begin(String operator, String command, Map<String, ?> arguments) {
        return jdbc.sql("""
                        INSERT INTO ops_audit (operator, at, command, arguments, outcome)
                        VALUES (:operator, :at, :command, CAST(:arguments AS jsonb), :outcome)
                        RETURNING audit_id
                        """)
                .param("operator", operator)
                .param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .param("command", command)
                .param("arguments", json.writeValueAsString(arguments))
                .param("outcome", STARTED)
                .query(Long.class)
                .single();
    }

    /** Records how the operation begun as {@code entry} ended. */
    void finish(long entry, String outcome) {
        jdbc.sql("""
                        UPDATE ops_audit SET outcome = :outcome, finished_at = :now
                        WHERE audit_id = :entry
                        """)
                .param("outcome", outcome)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("entry", entry)
                .update();
    }

    /** Records something that was not run at all, such as a request refused for the operator's role. */
    void record(String operator, String command, Map<String, ?> arguments, String outcome) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO ops_audit (operator, at, command, arguments, outcome, finished_at)
                        VALUES (:operator, :at, :command, CAST(:arguments AS jsonb), :outcome, :at)
                        """)
                .param("operator", operator)
                .param("at", now)
                .param("command", command)
                .param("arguments", json.writeValueAsString(arguments))
                .param("outcome", outcome)
                .update();
    }

    /**
     * The latest operations written before entry {@code before}, newest first; only those of {@code operator} when
     * it is given.
     */
    List<Entry> latest(String operator, long before, int limit) {
        return jdbc.sql("""
                        SELECT audit_id, operator, at, command, CAST(arguments AS text) AS arguments, outcome,
                               finished_at
                        FROM ops_audit
                        WHERE (CAST(:operator AS text) IS NULL OR operator = CAST(:operator AS text))
                          AND audit_id < :before
                        ORDER BY audit_id DESC LIMIT :limit
                        """)
                .param("operator", operator)
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> {
                    OffsetDateTime finishedAt = rs.getObject("finished_at", OffsetDateTime.class);
                    return new Entry(
                            rs.getLong("audit_id"),
                            rs.getString("operator"),
                            rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("command"),
                            json.readTree(rs.getString("arguments")),
                            rs.getString("outcome"),
                            finishedAt == null ? null : finishedAt.toInstant());
                })
                .list();
    }
}

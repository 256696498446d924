package io.payrecon.reconciler.admin;

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
 * The audit log of operations ({@code ops_audit}): who (the {@code X-Operator} header, else "unknown"), when, what
 * (the command and its arguments as JSON) and the outcome. Written in its own statement after the operation, so an
 * operation that failed is recorded as failed.
 */
@Repository
class OpsAudit {

    static final int MAX_OPERATOR_LENGTH = 100;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    OpsAudit(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One operation as recorded. */
    record Entry(long id, String operator, Instant at, String command, JsonNode arguments, String outcome) {}

    void record(String operator, String command, Map<String, ?> arguments, String outcome) {
        jdbc.sql("""
                        INSERT INTO ops_audit (operator, at, command, arguments, outcome)
                        VALUES (:operator, :at, :command, CAST(:arguments AS jsonb), :outcome)
                        """)
                .param("operator", operator(operator))
                .param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .param("command", command)
                .param("arguments", json.writeValueAsString(arguments))
                .param("outcome", outcome)
                .update();
    }

    /** The latest operations, newest first; only those of {@code operator} when it is given. */
    List<Entry> latest(String operator, int limit) {
        return jdbc.sql("""
                        SELECT audit_id, operator, at, command, CAST(arguments AS text) AS arguments, outcome
                        FROM ops_audit
                        WHERE CAST(:operator AS text) IS NULL OR operator = CAST(:operator AS text)
                        ORDER BY audit_id DESC LIMIT :limit
                        """)
                .param("operator", operator)
                .param("limit", limit)
                .query((rs, row) -> new Entry(
                        rs.getLong("audit_id"),
                        rs.getString("operator"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("command"),
                        json.readTree(rs.getString("arguments")),
                        rs.getString("outcome")))
                .list();
    }

    /** The operator as given, or "unknown"; trimmed to a length fit for a log. */
    static String operator(String header) {
        if (header == null || header.isBlank()) {
            return "unknown";
        }
        String operator = header.strip();
        return operator.length() > MAX_OPERATOR_LENGTH ? operator.substring(0, MAX_OPERATOR_LENGTH) : operator;
    }
}

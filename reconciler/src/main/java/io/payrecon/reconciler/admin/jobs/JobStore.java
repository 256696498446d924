package io.payrecon.reconciler.admin.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs ({@code ops_jobs}), their one writer. Every write is one short statement in a transaction of its own
 * ({@code REQUIRES_NEW}), also when called from inside a job's transaction (a replay dry run is one transaction that
 * is rolled back): progress, heartbeat and the end must stay written whatever the job's own work does. Times are the
 * database's ({@code now()}), so that instances with different clocks agree on whose heartbeat is stale.
 */
@Repository
class JobStore {

    private static final String COLUMNS = """
            job_id, kind, dry_run, CAST(parameters AS text) AS parameters, state, operator, created_at, started_at,
            started_done, finished_at, heartbeat_at, done, total, CAST(checkpoint AS text) AS checkpoint,
            CAST(result AS text) AS result, error, cancel_requested, instance, attempt, audit_id, now() AS now
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate own;

    JobStore(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A job's row as stored, with the database's time of reading it. */
    record Row(
            long id,
            Job.Kind kind,
            boolean dryRun,
            JsonNode parameters,
            Job.State state,
            String operator,
            Instant createdAt,
            Instant startedAt,
            long startedDone,
            Instant finishedAt,
            Instant heartbeatAt,
            long done,
            Long total,
            JsonNode checkpoint,
            JsonNode result,
            String error,
            boolean cancelRequested,
            String instance,
            int attempt,
            Long auditId,
            Instant now) {}

    /** One claim of a job: the job and the attempt its worker claimed, which every write of that worker matches. */
    record Claim(long id, int attempt) {}

    long queue(Job.Kind kind, boolean dryRun, JsonNode parameters, String operator, long auditId) {
        return own.execute(tx -> jdbc.sql("""
                        INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, audit_id)
                        VALUES (:kind, :dryRun, CAST(:parameters AS jsonb), 'queued', :operator, now(), :auditId)
                        RETURNING job_id
                        """)
                .param("kind", kind.wire())
                .param("dryRun", dryRun)
                .param("parameters", json.writeValueAsString(parameters))
                .param("operator", operator)
                .param("auditId", auditId)
                .query(Long.class)
                .single());
    }

    Optional<Row> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_jobs WHERE job_id = :id")
                .param("id", id)
                .query(this::row)
                .optional();
    }

    /** Newest first, before job {@code before}; of one kind and one state when they are given. */
    List<Row> latest(Job.Kind kind, Job.State state, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM ops_jobs
                        WHERE (CAST(:kind AS text) IS NULL OR kind = CAST(:kind AS text))
                          AND (CAST(:state AS text) IS NULL OR state = CAST(:state AS text))
                          AND job_id < :before
                        ORDER BY job_id DESC LIMIT :limit
                        """)
                .param("kind", kind == null ? null : kind.wire())
                .param("state", state == null ? null : state.wire())
                .param("before", before)
                .param("limit", limit)
                .query(this::row)
                .list();
    }

    /**
     * Takes the oldest queued job for {@code instance}, if any, skipping those another instance is taking. A rebuild
     * waits while another one runs (one at a time: they share the scratch schema).
     */
    Optional<Row> claim(String instance) {
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs SET state = 'running', instance = :instance, started_at = now(),
                               started_done = done, attempt = attempt + 1, heartbeat_at = now(), finished_at = NULL
                        WHERE job_id = (
                            SELECT job_id FROM ops_jobs q
                            WHERE q.state = 'queued'
                              AND (q.kind <> 'rebuild'
                                   OR NOT EXISTS (SELECT 1 FROM ops_jobs r WHERE r.kind = 'rebuild'
                                                  AND r.state = 'running'))
                            ORDER BY q.job_id
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        RETURNING
                        """ + COLUMNS)
                .param("instance", instance)
                .query(this::row)
                .optional());
    }

    /**
     * A running job's progress after a page, with its heartbeat.
     *
     * @param checkpoint where a resume continues; null keeps the one stored
     * @return whether an operator asked to cancel it; empty when it is no longer this claim's running job (swept as
     *     interrupted meanwhile, and maybe resumed and claimed again since): the worker must stop without writing more
     */
    Optional<Boolean> progress(Claim claim, String instance, long done, Long total, JsonNode checkpoint) {
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs SET done = :done, total = COALESCE(CAST(:total AS bigint), total),
                               checkpoint = COALESCE(CAST(:checkpoint AS jsonb), checkpoint), heartbeat_at = now()
                        WHERE job_id = :id AND attempt = :attempt AND state = 'running' AND instance = :instance
                        RETURNING cancel_requested
                        """)
                .param("id", claim.id())
                .param("attempt", claim.attempt())
                .param("instance", instance)
                .param("done", done)
                .param("total", total)
                .param("checkpoint", checkpoint == null ? null : json.writeValueAsString(checkpoint))
                .query(Boolean.class)
                .optional());
    }

    /**
     * The heartbeat of this instance's running jobs, besides their pages: each matches its claim's attempt, so a
     * claim lost meanwhile gets none.
     *
     * @return the claims that were still this instance's (the others were lost)
     */
    List<Claim> heartbeat(String instance, List<Claim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs j SET heartbeat_at = now()
                        FROM unnest(CAST(:ids AS bigint[]), CAST(:attempts AS integer[])) AS c(job_id, attempt)
                        WHERE j.job_id = c.job_id AND j.attempt = c.attempt AND j.state = 'running'
                          AND j.instance = :instance
                        RETURNING j.job_id, j.attempt
                        """)
                .param("ids", claims.stream().map(Claim::id).toArray(Long[]::new))
                .param("attempts", claims.stream().map(Claim::attempt).toArray(Integer[]::new))
                .param("instance", instance)
                .query((rs, n) -> new Claim(rs.getLong(1), rs.getInt(2)))
                .list());
    }

    /**
     * How a running job of this claim ended; false when it was not this claim's any more (swept meanwhile, maybe
     * claimed again since).
     */
    boolean finish(Claim claim, String instance, Job.State state, JsonNode result, String error) {
        return own.execute(tx -> jdbc.sql("""
                                UPDATE ops_jobs SET state = :state, finished_at = now(), heartbeat_at = now(),
                                       result = CAST(:result AS jsonb), error = :error
                                WHERE job_id = :id AND attempt = :attempt AND state = 'running'
                                  AND instance = :instance
                                """)
                        .param("id", claim.id())
                        .param("attempt", claim.attempt())
                        .param("instance", instance)
                        .param("state", state.wire())
                        .param("result", result == null ? null : json.writeValueAsString(result))
                        .param("error", error)
                        .update())
                == 1;
    }

    /** A claimed job that cannot run yet (another instance's rebuild holds the scratch schema) goes back in line. */
    void requeue(Claim claim, String instance) {
        own.executeWithoutResult(tx -> jdbc.sql("""
                        UPDATE ops_jobs SET state = 'queued', instance = NULL, started_at = NULL
                        WHERE job_id = :id AND attempt = :attempt AND state = 'running' AND instance = :instance
                        """)
                .param("id", claim.id())
                .param("attempt", claim.attempt())
                .param("instance", instance)
                .update());
    }

    /** The job started from dry run {@code dryRunId} to run it for real, if one was. */
    Optional<Long> realJobOf(long dryRunId) {
        return jdbc.sql("SELECT real_job_id FROM ops_jobs WHERE job_id = :id AND real_job_id IS NOT NULL")
                .param("id", dryRunId)
                .query(Long.class)
                .optional();
    }

    /**
     * Queues the real run of dry run {@code dryRunId} and records it on the dry run, in one statement: the dry run's
     * row is locked while it happens, so two requests at once queue one job (the second finds it recorded).
     *
     * @return the job queued; empty when the dry run has its real job already (or is not a succeeded dry run)
     */
    Optional<Long> queueRealRun(long dryRunId, Job.Kind kind, JsonNode parameters, String operator, long auditId) {
        return own.execute(tx -> jdbc.sql("""
                        WITH dry AS (
                            SELECT job_id FROM ops_jobs
                            WHERE job_id = :dryRunId AND dry_run AND state = 'succeeded' AND real_job_id IS NULL
                            FOR UPDATE),
                        queued AS (
                            INSERT INTO ops_jobs (kind, dry_run, parameters, state, operator, created_at, audit_id)
                            SELECT :kind, false, CAST(:parameters AS jsonb), 'queued', :operator, now(), :auditId
                            FROM dry
                            RETURNING job_id)
                        UPDATE ops_jobs SET real_job_id = queued.job_id
                        FROM queued
                        WHERE ops_jobs.job_id = :dryRunId
                        RETURNING queued.job_id
                        """)
                .param("dryRunId", dryRunId)
                .param("kind", kind.wire())
                .param("parameters", json.writeValueAsString(parameters))
                .param("operator", operator)
                .param("auditId", auditId)
                .query(Long.class)
                .optional());
    }

    /**
     * Asks a queued or running job to stop: a queued one is cancelled at once, a running one when its worker looks
     * next (between pages).
     *
     * @return the state it was in, empty when it was neither queued nor running
     */
    Optional<Job.State> requestCancel(long id) {
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs j SET cancel_requested = true,
                               state = CASE WHEN j.state = 'queued' THEN 'cancelled' ELSE j.state END,
                               finished_at = CASE WHEN j.state = 'queued' THEN now() ELSE j.finished_at END,
                               error = CASE WHEN j.state = 'queued' THEN 'Cancelled before it ran' ELSE j.error END
                        FROM ops_jobs old_row
                        WHERE j.job_id = :id AND old_row.job_id = j.job_id AND j.state IN ('queued', 'running')
                        RETURNING old_row.state
                        """)
                .param("id", id)
                .query((rs, row) -> Job.State.of(rs.getString(1)))
                .optional());
    }

    /**
     * Puts an interrupted, failed or cancelled job back in line: keeping its progress and checkpoint ({@code resume})
     * or without them ({@code restart}, {@code fresh}). A job that always starts over (a rebuild, a dry run: they
     * have no checkpoint) has its progress cleared either way, so that it does not go backwards.
     *
     * @return whether it was in one of those states
     */
    boolean requeueEnded(long id, boolean fresh) {
        return own.execute(tx ->
                        jdbc.sql("""
                                UPDATE ops_jobs SET state = 'queued', cancel_requested = false, finished_at = NULL,
                                       result = NULL, error = NULL, instance = NULL,
                                       done = CASE WHEN :fresh OR dry_run OR kind = 'rebuild' THEN 0 ELSE done END,
                                       started_done = CASE WHEN :fresh OR dry_run OR kind = 'rebuild' THEN 0 ELSE started_done END,
                                       total = CASE WHEN :fresh OR dry_run OR kind = 'rebuild' THEN NULL ELSE total END,
                                       checkpoint = CASE WHEN :fresh OR dry_run OR kind = 'rebuild' THEN NULL ELSE checkpoint END
                                WHERE job_id = :id AND state IN ('interrupted', 'failed', 'cancelled')
                                """).param("id", id).param("fresh", fresh).update())
                == 1;
    }

    /** Marks interrupted the running jobs whose heartbeat is older than {@code staleAfter}: their ids. */
    List<Long> interruptStale(Duration staleAfter) {
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs SET state = 'interrupted', finished_at = now(),
                               error = 'No heartbeat from instance ' || COALESCE(instance, '?') || ' since '
                                       || heartbeat_at || ' (more than ' || :staleText || '): it stopped or lost '
                                       || 'the database while running the job. Resume it to continue from its '
                                       || 'checkpoint, or restart it'
                        WHERE state = 'running' AND heartbeat_at < now() - CAST(:stale AS interval)
                        RETURNING job_id
                        """)
                .param("stale", staleAfter.toMillis() + " milliseconds")
                .param("staleText", staleAfter.toString())
                .query(Long.class)
                .list());
    }

    /** Marks interrupted this instance's running jobs (it is starting or stopping): their ids. */
    List<Long> interruptRunningOn(String instance, String reason) {
        return own.execute(tx -> jdbc.sql("""
                        UPDATE ops_jobs SET state = 'interrupted', finished_at = now(), error = :reason
                        WHERE state = 'running' AND instance = :instance
                        RETURNING job_id
                        """)
                .param("instance", instance)
                .param("reason", reason)
                .query(Long.class)
                .list());
    }

    /** How many jobs are queued and running, for the gauge. */
    long count(Job.State state) {
        return jdbc.sql("SELECT count(*) FROM ops_jobs WHERE state = :state")
                .param("state", state.wire())
                .query(Long.class)
                .single();
    }

    private Row row(ResultSet rs, int rowNumber) throws SQLException {
        long total = rs.getLong("total");
        boolean noTotal = rs.wasNull();
        long auditId = rs.getLong("audit_id");
        boolean noAudit = rs.wasNull();
        return new Row(
                rs.getLong("job_id"),
                Job.Kind.of(rs.getString("kind")),
                rs.getBoolean("dry_run"),
                tree(rs.getString("parameters")),
                Job.State.of(rs.getString("state")),
                rs.getString("operator"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                rs.getLong("started_done"),
                instant(rs, "finished_at"),
                instant(rs, "heartbeat_at"),
                rs.getLong("done"),
                noTotal ? null : total,
                tree(rs.getString("checkpoint")),
                tree(rs.getString("result")),
                rs.getString("error"),
                rs.getBoolean("cancel_requested"),
                rs.getString("instance"),
                rs.getInt("attempt"),
                noAudit ? null : auditId,
                instant(rs, "now"));
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}

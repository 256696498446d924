package io.payrecon.reconciler.admin.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A job as an operator sees it: what it is, who started it, how far it got, and how it ended. Everything a page of
 * the console or the CLI shows.
 *
 * @param parameters what was asked, as the start request gave it (a replay's range and order, say)
 * @param startedAt when its current (or last) run began: a resumed job's run starts again
 * @param done how much is done: records read (replay, rebuild) or history rows re-emitted (republish)
 * @param total the estimate of {@code done} at the end; null until known
 * @param percent {@code done} of {@code total}, 0 to 100; null while {@code total} is unknown
 * @param ratePerSecond how fast this run goes, from its progress and time so far; null before it has progress
 * @param etaSeconds how long this run will still take at that rate; null when there is no rate or no total
 * @param checkpoint where a resume continues (null: from the start)
 * @param result the report once it succeeded (bounded: lists cut at 1000 entries, counts whole)
 * @param error why it failed, was interrupted or cancelled
 * @param notes what to know about this kind of job: what cancel, resume and restart mean for it
 */
@Schema(name = "Job")
public record Job(
        long id,
        Kind kind,
        boolean dryRun,
        JsonNode parameters,
        State state,
        String operator,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant heartbeatAt,
        long done,
        Long total,
        Double percent,
        Double ratePerSecond,
        Long etaSeconds,
        boolean cancelRequested,
        String instance,
        Long auditId,
        JsonNode checkpoint,
        JsonNode result,
        String error,
        List<String> notes) {

    /** What a job does. */
    public enum Kind {
        REPLAY,
        REPUBLISH,
        REBUILD;

        /** As the API and the table name it: {@code replay}, {@code republish}, {@code rebuild}. */
        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return null when {@code wire} names no kind */
        public static Kind of(String wire) {
            for (Kind kind : values()) {
                if (kind.wire().equals(wire)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * Where a job is: {@code queued} until a worker claims it, {@code running}, then one of the ends. Interrupted,
     * failed and cancelled jobs may be resumed or restarted (back to {@code queued}); succeeded ones are done.
     */
    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED,
        INTERRUPTED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return null when {@code wire} names no state */
        public static State of(String wire) {
            for (State state : values()) {
                if (state.wire().equals(wire)) {
                    return state;
                }
            }
            return null;
        }

        /** Whether the job has ended, for good or until resumed. */
        public boolean ended() {
            return this != QUEUED && this != RUNNING;
        }

        /** Whether {@code resume} and {@code restart} take it back to {@code queued}. */
        public boolean resumable() {
            return this == INTERRUPTED || this == FAILED || this == CANCELLED;
        }
    }

    /** The ETA as a duration, for pages that print it; null when unknown. */
    public Duration eta() {
        return etaSeconds == null ? null : Duration.ofSeconds(etaSeconds);
    }
}

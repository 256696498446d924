package io.payrecon.reconciler.admin.jobs;

import io.payrecon.reconciler.admin.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One kind of job: how its parameters are checked before it is queued, and how it runs. The replay, republish and
 * rebuild packages each provide one; {@link Jobs} finds them by {@link #kind()}.
 */
public interface JobHandler {

    Job.Kind kind();

    /**
     * Checks what an operator asked for before anything is queued, so that a bad range or an unknown order is
     * answered at once (a problem, 400 or 404), never as a failed job.
     *
     * @return the parameters as they are stored and audited (normalised, absent ones as null)
     */
    Map<String, Object> check(boolean dryRun, JsonNode parameters);

    /**
     * Runs the job to its end, or from {@link RunningJob#checkpoint()} on when it is resumed, calling
     * {@link RunningJob#progress} after every page (which stops it, by throwing {@link RunningJob.Stopped}, when it
     * was cancelled or its instance stops).
     *
     * @return the report, bounded in size: it is stored as the job's result
     */
    JsonNode run(RunningJob job);

    /** What an operator must know about this kind of job: what cancel, resume and restart mean for it. */
    List<String> notes(boolean dryRun);

    /** A text parameter, stripped; null when absent or blank. */
    static String text(JsonNode given, String field) {
        JsonNode value = given == null ? null : given.get(field);
        if (value == null || value.isNull() || value.asString().isBlank()) {
            return null;
        }
        return value.asString().strip();
    }

    /** A time parameter ({@link Times#instant}); null when absent or blank, a 400 problem when it is no time. */
    static Instant instant(JsonNode given, String field) {
        String text = text(given, field);
        return text == null ? null : Times.instant(field, text);
    }

    /** The report in a line, for the log. */
    default String summary(JsonNode result) {
        return String.valueOf(result);
    }
}

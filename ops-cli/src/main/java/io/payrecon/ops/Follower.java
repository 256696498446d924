package io.payrecon.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Follows a job to its end: asks for it every so often, prints a progress line when it moved (such as {@code job 17
 * replay: 12,000 of 40,000 records (30 %), ~1m 10s left}), then its result, rendered by its kind. Ctrl-C stops
 * following, not the job: it says how to follow or cancel it. Exit codes: 0 the job succeeded, 3 it ended otherwise
 * (failed, cancelled, interrupted), 1 refused, 2 not reachable.
 */
final class Follower {

    /** The job ended without succeeding. */
    static final int JOB_NOT_SUCCEEDED = 3;

    private final AdminApi api;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Duration every;
    private final boolean json;
    private final Map<String, Function<JsonNode, String>> renderers;

    Follower(
            AdminApi api,
            PrintWriter out,
            PrintWriter err,
            Duration every,
            boolean json,
            Map<String, Function<JsonNode, String>> renderers) {
        this.api = api;
        this.out = out;
        this.err = err;
        this.every = every;
        this.json = json;
        this.renderers = renderers;
    }

    int follow(long id) throws IOException, InterruptedException {
        Thread hint = new Thread(() -> {
            err.println();
            err.println("Stopped following job " + id + "; it keeps running on the reconciler. Follow it again with "
                    + "ops jobs follow " + id + ", or cancel it with ops jobs cancel " + id + ".");
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(hint);
        try {
            String last = null;
            while (true) {
                AdminApi.Answer answer = api.send(Call.get("/admin/jobs/" + id));
                if (!answer.ok()) {
                    err.println("Refused (" + answer.status() + "): " + Ops.text(answer.body(), "detail"));
                    err.flush();
                    return 1;
                }
                JsonNode job = answer.body();
                String state = Ops.text(job, "state");
                if (!state.equals("queued") && !state.equals("running")) {
                    return ended(job);
                }
                String line = progress(job);
                if (!json && !line.equals(last)) {
                    out.println(line);
                    out.flush();
                    last = line;
                }
                Thread.sleep(every);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException e) {
                // shutting down: the hint is printed
            }
        }
    }

    private int ended(JsonNode job) {
        long id = job.get("id").longValue();
        String state = Ops.text(job, "state");
        if (json) {
            out.print(Ops.pretty(job));
            out.flush();
            return state.equals("succeeded") ? 0 : JOB_NOT_SUCCEEDED;
        }
        if (state.equals("succeeded")) {
            Function<JsonNode, String> render = renderers.get(Ops.text(job, "kind"));
            JsonNode result = job.get("result");
            out.print(render == null || result == null ? Ops.pretty(result) : render.apply(result));
            out.flush();
            return 0;
        }
        out.println("Job " + id + " " + Ops.text(job, "kind") + " " + state + ": " + Ops.text(job, "error"));
        out.println("Resume it with ops jobs resume " + id + " (continues from its checkpoint), or restart it from "
                + "the beginning with ops jobs restart " + id + ".");
        out.flush();
        return JOB_NOT_SUCCEEDED;
    }

    /** A job's state in a line: {@code job 17 replay: 12,000 of 40,000 records (30 %), ~1m 10s left}. */
    static String progress(JsonNode job) {
        String kind = Ops.text(job, "kind");
        StringBuilder line = new StringBuilder("job ")
                .append(Ops.text(job, "id"))
                .append(' ')
                .append(kind)
                .append(": ");
        if (Ops.text(job, "state").equals("queued")) {
            return line.append("queued, waiting for a worker").toString();
        }
        String unit = kind.equals("republish") ? "events" : "records";
        line.append(String.format(Locale.ROOT, "%,d", job.path("done").asLong()));
        if (job.hasNonNull("total")) {
            line.append(String.format(Locale.ROOT, " of %,d", job.get("total").asLong()));
        }
        line.append(' ').append(unit);
        if (job.hasNonNull("percent")) {
            line.append(
                    String.format(Locale.ROOT, " (%.0f %%)", job.get("percent").asDouble()));
        }
        if (job.hasNonNull("etaSeconds")) {
            line.append(", ~").append(duration(job.get("etaSeconds").asLong())).append(" left");
        }
        if (job.path("cancelRequested").asBoolean(false)) {
            line.append(", stopping (cancel asked)");
        }
        return line.toString();
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
    }
}

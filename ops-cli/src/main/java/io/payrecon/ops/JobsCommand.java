package io.payrecon.ops;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Replays, republishes and rebuilds run as jobs on the reconciler: list them, show or follow one, "
                + "cancel a running one, resume an interrupted, failed or cancelled one from its checkpoint, or "
                + "restart it from the beginning.",
        subcommands = {
            JobsCommand.List.class,
            JobsCommand.Show.class,
            JobsCommand.Follow.class,
            JobsCommand.Cancel.class,
            JobsCommand.Resume.class,
            JobsCommand.Restart.class
        })
final class JobsCommand {

    @Command(name = "list", description = "Jobs, newest first, with their state and progress.")
    static final class List extends AdminCommand {

        @Option(names = "--kind", description = "Only replay, republish or rebuild jobs.")
        String kind;

        @Option(
                names = "--state",
                description = "Only queued, running, succeeded, failed, cancelled or interrupted ones.")
        String state;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many (1..1000, default 20).")
        int limit;

        @Option(
                names = "--before",
                description = "Only jobs older than this id: the next page after the last id shown.")
        Long before;

        @Override
        Call request() {
            return Call.get("/admin/jobs?limit=" + limit + (kind == null ? "" : "&kind=" + segment(kind))
                    + (state == null ? "" : "&state=" + segment(state))
                    + (before == null ? "" : "&before=" + before));
        }

        @Override
        String render(JsonNode answer) {
            Table table = Table.of("ID", "KIND", "STATE", "BY", "CREATED", "PROGRESS");
            answer.forEach(job -> table.row(
                    Ops.text(job, "id"),
                    Ops.text(job, "kind") + (job.path("dryRun").asBoolean(false) ? " (dry run)" : ""),
                    Ops.text(job, "state"),
                    Ops.text(job, "operator"),
                    Ops.text(job, "createdAt"),
                    Follower.progress(job).replaceFirst("^job \\S+ \\S+: ", "")));
            return table.isEmpty() ? "No jobs.\n" : table.toString();
        }
    }

    @Command(name = "show", description = "One job: its parameters, state, progress, checkpoint and result or error.")
    static final class Show extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The job's id (see jobs list).")
        long id;

        @Override
        Call request() {
            return Call.get("/admin/jobs/" + id);
        }

        @Override
        String render(JsonNode job) {
            StringBuilder text = new StringBuilder();
            line(
                    text,
                    "Job",
                    Ops.text(job, "id") + " " + Ops.text(job, "kind")
                            + (job.path("dryRun").asBoolean(false) ? " (dry run)" : ""));
            line(text, "Parameters", Ops.text(job, "parameters"));
            line(text, "State", Ops.text(job, "state"));
            line(text, "Started by", Ops.text(job, "operator") + " at " + Ops.text(job, "createdAt"));
            line(text, "Progress", Follower.progress(job).replaceFirst("^job \\S+ \\S+: ", ""));
            if (!Ops.text(job, "ratePerSecond").isEmpty()) {
                line(text, "Rate", Ops.text(job, "ratePerSecond") + " per second");
            }
            line(
                    text,
                    "Run",
                    Ops.text(job, "startedAt") + " .. " + Ops.text(job, "finishedAt") + " on "
                            + Ops.text(job, "instance"));
            if (!Ops.text(job, "error").isEmpty()) {
                line(text, "Error", Ops.text(job, "error"));
            }
            if (!Ops.text(job, "checkpoint").isEmpty()) {
                line(text, "Checkpoint", Ops.text(job, "checkpoint"));
            }
            JsonNode notes = job.get("notes");
            if (notes != null) {
                notes.forEach(
                        note -> text.append("Note: ").append(note.asString()).append('\n'));
            }
            if (job.hasNonNull("result")) {
                text.append("Result:\n");
                Function<JsonNode, String> render = Ops.RENDERERS.get(Ops.text(job, "kind"));
                text.append(render == null ? Ops.pretty(job.get("result")) : render.apply(job.get("result")));
            }
            return text.toString();
        }

        private static void line(StringBuilder text, String name, String value) {
            text.append(String.format("%-12s %s%n", name + ":", value.isEmpty() ? "-" : value));
        }
    }

    @Command(
            name = "follow",
            mixinStandardHelpOptions = true,
            description = "Follow a job to its end, printing its progress, then its result. Ctrl-C stops following, "
                    + "not the job. Exit code 0 when it succeeded, 3 when it failed, was cancelled or interrupted.")
    static final class Follow implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The job's id (see jobs list).")
        long id;

        @Option(
                names = "--every",
                hidden = true,
                defaultValue = "2s",
                converter = Durations.class,
                description = "How often the job's progress is asked for (default: ${DEFAULT-VALUE}).")
        Duration every;

        @Override
        public Integer call() {
            return ((Ops) spec.root().userObject()).follow(id, every, spec.commandLine());
        }
    }

    @Command(
            name = "cancel",
            description = "Cancel a job: a queued one at once, a running one between two pages (a replay or "
                    + "republish keeps what it applied; a rebuild drops its scratch tables and never switches over).")
    static final class Cancel extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The job's id (see jobs list).")
        long id;

        @Override
        Call request() {
            return Call.post("/admin/jobs/" + id + "/cancel", null);
        }

        @Override
        String render(JsonNode job) {
            return Ops.text(job, "state").equals("cancelled")
                    ? "Job " + id + " cancelled before it ran.\n"
                    : "Job " + id + " asked to stop: it ends cancelled after its current page (ops jobs follow " + id
                            + ").\n";
        }
    }

    @Command(
            name = "resume",
            description = "Put an interrupted, failed or cancelled job back in line, continuing from its checkpoint "
                    + "(a rebuild starts over). Safe: a replay's facts applied before change nothing, republished "
                    + "events carry their original sequences.")
    static final class Resume extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The job's id (see jobs list).")
        long id;

        @Override
        Call request() {
            return Call.post("/admin/jobs/" + id + "/resume", null);
        }

        @Override
        String render(JsonNode job) {
            return "Job " + id + " queued again, from its checkpoint: ops jobs follow " + id + "\n";
        }
    }

    @Command(name = "restart", description = "As resume, from the beginning: its progress and checkpoint are cleared.")
    static final class Restart extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The job's id (see jobs list).")
        long id;

        @Override
        Call request() {
            return Call.post("/admin/jobs/" + id + "/restart", null);
        }

        @Override
        String render(JsonNode job) {
            return "Job " + id + " queued again, from the beginning: ops jobs follow " + id + "\n";
        }
    }
}

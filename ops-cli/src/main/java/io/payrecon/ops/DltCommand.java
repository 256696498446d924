package io.payrecon.ops;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "dlt",
        mixinStandardHelpOptions = true,
        description = "Dead-lettered records: list, show, retry (apply again) after a fix, discard with a reason.",
        subcommands = {DltCommand.List.class, DltCommand.Show.class, DltCommand.Retry.class, DltCommand.Discard.class})
final class DltCommand {

    @Command(name = "list", description = "Dead letters, newest first, with their reason and where they came from.")
    static final class List extends AdminCommand {

        @Option(names = "--state", description = "Only PENDING, RETRIED or DISCARDED ones.")
        String state;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1..1000, default 100).")
        int limit;

        @Option(
                names = "--before",
                description = "Only entries older than this id: the next page after the last id shown.")
        Long before;

        @Override
        Call request() {
            return Call.get("/admin/dlt?limit=" + limit + (state == null ? "" : "&state=" + segment(state))
                    + (before == null ? "" : "&before=" + before));
        }

        @Override
        String render(JsonNode answer) {
            Table table = Table.of("ID", "STATE", "AT", "SOURCE", "KEY", "REASON");
            answer.forEach(dead -> table.row(
                    Ops.text(dead, "id"),
                    Ops.text(dead, "state"),
                    Ops.text(dead, "at"),
                    source(dead),
                    Ops.text(dead, "key"),
                    Ops.text(dead, "reason")));
            return table.isEmpty() ? "No dead letters.\n" : table.toString();
        }
    }

    @Command(name = "show", description = "One dead letter whole: its reason, source, what was done, its value.")
    static final class Show extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The dead letter's id (see dlt list).")
        long id;

        @Override
        Call request() {
            return Call.get("/admin/dlt/" + id);
        }

        @Override
        String render(JsonNode answer) {
            JsonNode dead = answer.get("summary");
            StringBuilder text = new StringBuilder();
            line(text, "Dead letter", Ops.text(dead, "id"));
            line(text, "State", Ops.text(dead, "state"));
            line(text, "Source", source(dead));
            line(text, "Key", Ops.text(dead, "key"));
            line(text, "Reason", Ops.text(dead, "reason"));
            line(text, "Dead-lettered at", Ops.text(dead, "at"));
            if (!Ops.text(dead, "settledBy").isEmpty()) {
                line(text, "Settled", Ops.text(dead, "settledBy") + " at " + Ops.text(dead, "settledAt"));
            }
            if (!Ops.text(dead, "settleReason").isEmpty()) {
                line(text, "Discarded because", Ops.text(dead, "settleReason"));
            }
            line(text, "Value", Ops.text(answer, "valueBytes") + " bytes");
            String value = Ops.text(answer, "valueText");
            text.append(value.isEmpty() ? "(not text: --json shows it as base64)" : value)
                    .append('\n');
            return text.toString();
        }

        private static void line(StringBuilder text, String name, String value) {
            text.append(name).append(": ").append(value.isEmpty() ? "-" : value).append('\n');
        }
    }

    @Command(
            name = "retry",
            description = "Apply the record (its key and bytes) again through the reconciler's own path, after a fix."
                    + " Once: a second retry does nothing; one that still cannot be applied is refused and stays"
                    + " pending.")
    static final class Retry extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The dead letter's id (see dlt list).")
        long id;

        @Override
        Call request() {
            return Call.post("/admin/dlt/" + id + "/retry", null);
        }

        @Override
        String render(JsonNode sent) {
            return "Dead letter " + id + " (" + Ops.text(sent, "topic") + "-" + Ops.text(sent, "partition") + "@"
                    + Ops.text(sent, "offset") + ") " + Ops.text(sent, "outcome") + "\n";
        }
    }

    @Command(name = "discard", description = "Give the record up, with the reason (recorded).")
    static final class Discard extends AdminCommand {

        @Parameters(paramLabel = "ID", description = "The dead letter's id (see dlt list).")
        long id;

        @Option(names = "--reason", required = true, description = "Why it is given up.")
        String reason;

        @Override
        Call request() {
            return Call.post("/admin/dlt/" + id + "/discard", Map.of("reason", reason));
        }

        @Override
        String render(JsonNode dead) {
            return "Dead letter " + Ops.text(dead, "id") + " discarded by " + Ops.text(dead, "settledBy") + ": "
                    + Ops.text(dead, "settleReason") + "\n";
        }
    }

    static String source(JsonNode dead) {
        return Ops.text(dead, "topic") + "-" + Ops.text(dead, "partition") + "@" + Ops.text(dead, "offset");
    }
}

package io.payrecon.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit log: who ran which operation, when, with what arguments, and the outcome.",
        subcommands = AuditCommand.List.class)
final class AuditCommand {

    @Command(name = "list", description = "Operations, newest first.")
    static final class List extends AdminCommand {

        @Option(names = "--by", paramLabel = "OPERATOR", description = "Only this operator's operations.")
        String by;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1..1000, default 100).")
        int limit;

        @Option(
                names = "--before",
                description = "Only entries older than this id: the next page after the last id shown.")
        Long before;

        @Override
        Call request() {
            return Call.get("/admin/audit?limit=" + limit + (by == null ? "" : "&operator=" + segment(by))
                    + (before == null ? "" : "&before=" + before));
        }

        @Override
        String render(JsonNode answer) {
            Table table = Table.of("AT", "OPERATOR", "COMMAND", "ARGUMENTS", "OUTCOME");
            answer.forEach(entry -> table.row(
                    Ops.text(entry, "at"),
                    Ops.text(entry, "operator"),
                    Ops.text(entry, "command"),
                    Ops.text(entry, "arguments"),
                    Ops.text(entry, "outcome")));
            return table.isEmpty() ? "No operations recorded.\n" : table.toString();
        }
    }
}

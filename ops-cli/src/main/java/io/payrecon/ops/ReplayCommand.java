package io.payrecon.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "replay",
        description = "Re-run the archived webhooks and provider observations of a time range through the normal "
                + "path. Facts applied before change nothing. Use --dry-run first: it prints the status changes it "
                + "would make and changes nothing.")
final class ReplayCommand extends JobCommand {

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TIME",
            converter = Instants.class,
            description = "Start of the range (ISO-8601, or an age such as 2h, 1d).")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            converter = Instants.class,
            defaultValue = "now",
            description = "End of the range, excluded (default: now).")
    Instant to;

    @Option(names = "--order", paramLabel = "ORDER_ID", description = "Only what concerns this order.")
    String orderId;

    @Option(names = "--dry-run", description = "Show what would change, change nothing.")
    boolean dryRun;

    @Override
    Call request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        if (orderId != null) {
            body.put("orderId", orderId);
        }
        body.put("dryRun", dryRun);
        return Call.post("/admin/replay", body);
    }

    @Override
    String render(JsonNode answer) {
        boolean dry = answer.get("dryRun") != null && answer.get("dryRun").booleanValue();
        StringBuilder text = new StringBuilder();
        text.append(dry ? "Dry run (nothing changed): " : "Replayed: ")
                .append(Ops.text(answer, "read"))
                .append(" records from ")
                .append(Ops.text(answer, "from"))
                .append(" to ")
                .append(Ops.text(answer, "to"))
                .append(" (")
                .append(Ops.text(answer, "webhooks"))
                .append(" webhooks, ")
                .append(Ops.text(answer, "observations"))
                .append(" observations)\n");
        JsonNode changes = answer.get("changes");
        long changeCount =
                answer.has("changeCount") ? answer.get("changeCount").asLong() : changes == null ? 0 : changes.size();
        if (changes == null || changes.isEmpty()) {
            text.append(
                    changeCount > 0
                            ? changeCount + " status changes (listed in the runs before a resume)\n"
                            : dry ? "It would change no order.\n" : "No order changed.\n");
        } else {
            text.append(changeCount).append(dry ? " status changes it would make" : " status changes");
            text.append(changes.size() < changeCount ? " (the first " + changes.size() + " listed):\n" : ":\n");
            Table table = Table.of("ORDER", "SEQ", "FROM", "TO", "PAID", "CAUSE");
            changes.forEach(change -> table.row(
                    Ops.text(change, "orderId"),
                    Ops.text(change, "sequence"),
                    Ops.text(change, "from"),
                    Ops.text(change, "to"),
                    Ops.text(change, "paidAmount"),
                    Ops.text(change, "causeKind")
                            + (Ops.text(change, "deliveryId").isEmpty()
                                    ? ""
                                    : " delivery " + Ops.text(change, "deliveryId"))));
            text.append(table);
        }
        JsonNode rejected = answer.get("rejected");
        if (rejected != null && !rejected.isEmpty()) {
            text.append(
                            answer.has("rejectedCount")
                                    ? answer.get("rejectedCount").asLong()
                                    : rejected.size())
                    .append(" records cannot be applied (see dlt list):\n");
            rejected.forEach(
                    reason -> text.append("  ").append(reason.asString()).append('\n'));
        }
        return text.toString();
    }
}

package io.payrecon.ops;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "rebuild",
        description = "Recompute every order's state from the beginning of the log into fresh tables and compare it "
                + "with the live state. Without --dry-run, and only when the rebuild completed, the live orders that "
                + "differ are set to their rebuilt state, each with one status event at its next sequence. The live "
                + "listeners pause for the comparison (also in a dry run). Use --dry-run first.")
final class RebuildCommand extends JobCommand {

    @Option(names = "--dry-run", description = "Report the differing orders, change nothing.")
    boolean dryRun;

    @Override
    Call request() {
        return Call.post("/admin/rebuild", Map.of("dryRun", dryRun));
    }

    @Override
    String render(JsonNode answer) {
        boolean dry = answer.get("dryRun") != null && answer.get("dryRun").booleanValue();
        boolean switched =
                answer.get("switchedOver") != null && answer.get("switchedOver").booleanValue();
        StringBuilder text = new StringBuilder();
        text.append(
                        dry
                                ? "Dry run (nothing changed): "
                                : switched ? "Rebuilt and switched over: " : "Rebuilt, NOT switched over: ")
                .append(Ops.text(answer, "ordersRebuilt"))
                .append(" orders rebuilt, ")
                .append(Ops.text(answer, "ordersLive"))
                .append(" live, from ");
        JsonNode records = answer.get("records");
        if (records != null) {
            StringBuilder read = new StringBuilder();
            records.properties()
                    .forEach(entry -> read.append(read.isEmpty() ? "" : ", ")
                            .append(entry.getValue().asString())
                            .append(' ')
                            .append(entry.getKey()));
            text.append(read);
        }
        text.append(" in ").append(Ops.text(answer, "durationMillis")).append(" ms (run ");
        text.append(Ops.text(answer, "runId")).append(")\n");
        JsonNode differences = answer.get("differences");
        long differing =
                answer.get("differing") == null ? 0 : answer.get("differing").longValue();
        if (differing == 0) {
            text.append("Every order's state is as the log says.\n");
        } else {
            text.append(differing)
                    .append(dry ? " orders differ (live -> rebuilt):\n" : " orders differed (live -> rebuilt):\n");
            Table table = Table.of("ORDER", "FIELD", "LIVE", "REBUILT");
            differences.forEach(difference -> {
                String orderId = Ops.text(difference, "orderId");
                if (!difference.get("inLive").booleanValue()) {
                    table.row(orderId, "(order)", "absent", "present");
                } else if (!difference.get("inRebuild").booleanValue()) {
                    table.row(orderId, "(order)", "present", "absent");
                } else {
                    difference
                            .get("fields")
                            .forEach(field -> table.row(
                                    orderId,
                                    Ops.text(field, "field"),
                                    Ops.text(field, "live"),
                                    Ops.text(field, "rebuilt")));
                }
            });
            text.append(table);
            List<String> withheld = differences
                    .valueStream()
                    .filter(difference -> difference.get("withheld") != null
                            && difference.get("withheld").booleanValue())
                    .map(difference -> Ops.text(difference, "orderId"))
                    .toList();
            if (!withheld.isEmpty()) {
                text.append("Withheld from correction, a person must look (it would take a paid order back or lower "
                                + "an amount): ")
                        .append(String.join(", ", withheld))
                        .append('\n');
            }
            if (differences.size() < differing) {
                text.append("(the first ").append(differences.size()).append(" listed; --json for the report)\n");
            }
        }
        if (!dry && switched) {
            text.append(Ops.text(answer, "corrected")).append(" orders corrected, each with a status event.\n");
        }
        long histories = answer.get("historyDiffering") == null
                ? 0
                : answer.get("historyDiffering").longValue();
        if (histories > 0) {
            text.append(histories)
                    .append(" orders have a recorded history other than the rebuilt one (history is never "
                            + "rewritten; ops orders show <id> tells it).\n");
        }
        JsonNode rejections = answer.get("rejections");
        if (rejections != null && !rejections.isEmpty()) {
            text.append(Ops.text(answer, "rejected")).append(" records cannot be applied (see dlt list):\n");
            rejections.forEach(
                    reason -> text.append("  ").append(reason.asString()).append('\n'));
        }
        JsonNode notes = answer.get("notes");
        if (notes != null) {
            notes.forEach(note -> text.append("Note: ").append(note.asString()).append('\n'));
        }
        return text.toString();
    }
}

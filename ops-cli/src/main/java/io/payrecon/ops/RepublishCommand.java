package io.payrecon.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "republish",
        description = "Re-emit order.payment-status-changed for downstream systems that lost data: the original "
                + "sequences, marked republished, new event ids.")
final class RepublishCommand extends JobCommand {

    static final class Scope {

        @Option(names = "--order", paramLabel = "ORDER_ID", description = "Every status event of this order.")
        String orderId;

        @Option(
                names = "--since",
                paramLabel = "TIME",
                converter = Instants.class,
                description = "Every status event since then (ISO-8601, or an age such as 2h, 1d).")
        Instant since;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Option(names = "--dry-run", description = "Count the events it would re-emit and list the first; append nothing.")
    boolean dryRun;

    @Override
    Call request() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (scope.orderId != null) {
            body.put("orderId", scope.orderId);
        } else {
            body.put("since", scope.since.toString());
        }
        if (dryRun) {
            body.put("dryRun", true);
        }
        return Call.post("/admin/republish", body);
    }

    @Override
    String render(JsonNode answer) {
        if (answer.path("dryRun").asBoolean(false)) {
            StringBuilder text = new StringBuilder("Dry run (nothing appended): ")
                    .append(Ops.text(answer, "events"))
                    .append(" status events of ")
                    .append(Ops.text(answer, "orders"))
                    .append(" orders would be re-emitted\n");
            JsonNode listed = answer.get("listed");
            if (listed != null && !listed.isEmpty()) {
                Table table = Table.of("ORDER", "SEQ", "STATUS", "PAID", "CAUSE", "AT");
                listed.forEach(event -> table.row(
                        Ops.text(event, "orderId"),
                        Ops.text(event, "sequence"),
                        Ops.text(event, "status"),
                        Ops.text(event, "paidAmount"),
                        Ops.text(event, "causeKind"),
                        Ops.text(event, "at")));
                text.append(table);
                if (listed.size() < answer.path("events").asLong()) {
                    text.append("(the first ").append(listed.size()).append(" listed)\n");
                }
            }
            return text.toString();
        }
        return Ops.text(answer, "events") + " status events of " + Ops.text(answer, "orders")
                + " orders re-emitted (republished: true), published by the outbox in order per order\n";
    }
}

package io.payrecon.ops;

import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "republish",
        description = "Re-emit order.payment-status-changed for downstream systems that lost data: the original "
                + "sequences, marked republished, new event ids.")
final class RepublishCommand extends AdminCommand {

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

    @Override
    Call request() {
        return Call.post(
                "/admin/republish",
                scope.orderId != null ? Map.of("orderId", scope.orderId) : Map.of("since", scope.since.toString()));
    }

    @Override
    String render(JsonNode answer) {
        return Ops.text(answer, "events") + " status events of " + Ops.text(answer, "orders")
                + " orders re-emitted (republished: true), published by the outbox in order per order\n";
    }
}

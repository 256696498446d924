package io.payrecon.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "orders",
        mixinStandardHelpOptions = true,
        description = "Orders as the reconciler knows them.",
        subcommands = OrdersCommand.Show.class)
final class OrdersCommand {

    @Command(
            name = "show",
            description = "An order's whole story in time order: links created, renewed, expired; every delivery "
                    + "(applied, ignored and why, parked, duplicate, test); every polling observation; every "
                    + "transition with its cause; every status event emitted with its sequence.")
    static final class Show extends AdminCommand {

        @Parameters(paramLabel = "ORDER_ID", description = "The merchant's order id.")
        String orderId;

        @Override
        Call request() {
            return Call.get("/admin/orders/" + segment(orderId) + "/story");
        }

        @Override
        String render(JsonNode story) {
            StringBuilder text = new StringBuilder();
            text.append("Order ")
                    .append(Ops.text(story, "orderId"))
                    .append(": ")
                    .append(
                            story.get("status") == null || story.get("status").isNull()
                                    ? "not opened (no payment-link.created applied)"
                                    : Ops.text(story, "status"))
                    .append('\n');
            JsonNode requests = story.get("requestIds");
            if (requests != null && !requests.isEmpty()) {
                text.append("Request ids: ")
                        .append(String.join(
                                ", ",
                                requests.valueStream().map(JsonNode::asString).toList()))
                        .append('\n');
            }
            Table table = Table.of("AT", "KIND", "REF", "WHAT", "OUTCOME", "DETAIL");
            story.get("entries")
                    .forEach(entry -> table.row(
                            Ops.text(entry, "at"),
                            Ops.text(entry, "kind"),
                            Ops.text(entry, "ref"),
                            Ops.text(entry, "what"),
                            Ops.text(entry, "outcome"),
                            Ops.text(entry, "detail")));
            return text.append('\n').append(table).toString();
        }
    }
}

package io.payrecon.ops;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
        name = "poll",
        description = "Ask the provider about an order now: its polls are made due, and the reconciler's poller "
                + "asks on its next round, within its rate limit.")
final class PollCommand extends AdminCommand {

    @Option(names = "--order", required = true, paramLabel = "ORDER_ID", description = "The order to ask about.")
    String orderId;

    @Override
    Call request() {
        return Call.post("/admin/orders/" + segment(orderId) + "/poll", null);
    }

    @Override
    String render(JsonNode answer) {
        return "Order " + Ops.text(answer, "orderId") + ": the provider is asked now about "
                + String.join(
                        ", ",
                        answer.get("requestIds")
                                .valueStream()
                                .map(JsonNode::asString)
                                .toList())
                + "; see what it said with: ops orders show " + Ops.text(answer, "orderId") + "\n";
    }
}

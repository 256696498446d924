package io.payrecon.ops;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "parked",
        mixinStandardHelpOptions = true,
        description = "Webhooks parked because their request id was not known yet.",
        subcommands = {ParkedCommand.List.class, ParkedCommand.Retry.class, ParkedCommand.Discard.class})
final class ParkedCommand {

    @Command(
            name = "list",
            description = "Webhooks waiting for their payment link, oldest first; --state foreign: those whose link "
                    + "never came (kept, no longer waited for).")
    static final class List extends AdminCommand {

        @Option(
                names = "--older-than",
                description = "Parked for longer than this (30m, 1h, PT1H; default: the reconciler's alert age).")
        String olderThan;

        @Option(
                names = "--state",
                description = "waiting (default), foreign (no link of ours came in time), discarded (by an operator in"
                        + " the console: kept, never applied) or all.")
        String state;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (1..1000, default 100).")
        int limit;

        @Option(names = "--after", description = "Only entries after this parked id: the next page.")
        Long after;

        @Override
        Call request() {
            return Call.get("/admin/parked?limit=" + limit
                    + (olderThan == null ? "" : "&olderThan=" + segment(olderThan))
                    + (state == null ? "" : "&state=" + segment(state))
                    + (after == null ? "" : "&after=" + after));
        }

        @Override
        String render(JsonNode answer) {
            Table table = Table.of("ID", "PARKED AT", "STATE", "DELIVERY", "EVENT", "REQUEST");
            answer.get("parked")
                    .forEach(parked -> table.row(
                            Ops.text(parked, "parkedId"),
                            Ops.text(parked, "parkedAt"),
                            Ops.text(parked, "state"),
                            Ops.text(parked, "deliveryId"),
                            Ops.text(parked, "event"),
                            Ops.text(parked, "requestId")));
            return Ops.text(answer, "total") + " " + Ops.text(answer, "state") + " parked for longer than "
                    + Ops.text(answer, "olderThan")
                    + (table.isEmpty() ? ".\n" : ", oldest first:\n" + table);
        }
    }

    @Command(
            name = "retry",
            description = "Apply the webhooks still parked although their request id is known now, through the "
                    + "normal idempotent path.")
    static final class Retry extends AdminCommand {

        @Option(names = "--limit", defaultValue = "1000", description = "At most this many (1..1000, default 1000).")
        int limit;

        @Override
        Call request() {
            return Call.post("/admin/parked/retry?limit=" + limit, null);
        }

        @Override
        String render(JsonNode answer) {
            Table table = Table.of("DELIVERY", "OUTCOME", "ORDER", "REASON");
            answer.get("deliveries")
                    .forEach(delivery -> table.row(
                            Ops.text(delivery, "deliveryId"),
                            Ops.text(delivery, "outcome"),
                            Ops.text(delivery, "orderId"),
                            Ops.text(delivery, "reason")));
            return Ops.text(answer, "retried") + " retried, " + Ops.text(answer, "stillParked")
                    + " still parked (their link has not arrived)\n" + (table.isEmpty() ? "" : table);
        }
    }

    @Command(
            name = "discard",
            description = "Give parked webhooks up, with a reason: each is kept, recorded with you and the reason, and "
                    + "never applied (not even when its link arrives). Ids: the ID column of parked list.")
    static final class Discard extends AdminCommand {

        @Parameters(arity = "1..*", paramLabel = "ID", description = "The parked webhooks' ids (see parked list).")
        java.util.List<Long> ids;

        @Option(names = "--reason", required = true, description = "Why they are given up.")
        String reason;

        @Override
        Call request() {
            return Call.post("/admin/parked/discard", Map.of("ids", ids, "reason", reason));
        }

        @Override
        String render(JsonNode answer) {
            StringBuilder text = new StringBuilder();
            text.append(answer.get("discarded").size()).append(" discarded");
            if (!answer.get("skipped").isEmpty()) {
                text.append(", skipped (discarded before, no longer parked, or being handled): ")
                        .append(answer.get("skipped"));
            }
            return text.append('\n').toString();
        }
    }
}

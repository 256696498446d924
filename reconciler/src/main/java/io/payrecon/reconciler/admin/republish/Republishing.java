package io.payrecon.reconciler.admin.republish;

import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.jobs.Job;
import io.payrecon.reconciler.admin.jobs.JobHandler;
import io.payrecon.reconciler.admin.jobs.RunningJob;
import io.payrecon.reconciler.order.OrderChange;
import io.payrecon.reconciler.order.OrderQueries;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Re-emits {@code order.payment-status-changed} from the orders' history for downstream systems that lost data, as a
 * job: each change as it was emitted (its original sequence, amounts, flags, cause and time), with a new event id and
 * {@code republished: true}, through the outbox, so they are published in order per order like the originals. The
 * history is read in pages of {@code reconciler.jobs.page-size} changes, one transaction each, by (order id,
 * sequence); after each page the job writes its progress (of a count of the matching history rows, taken at the
 * start) and its checkpoint (the last order and sequence re-emitted, with the counts so far). Running it twice, or
 * resuming it after a page whose checkpoint was not written, publishes those events twice, each time marked
 * republished with its original sequence: consumers keep the highest sequence they applied, so that changes nothing
 * for them. A dry run counts the events and orders it would re-emit and lists the first {@link #LISTED}, appending
 * nothing.
 *
 * <p>The relay copies every status event to the compacted {@code orders.payment-status-latest.v1}, where an order's
 * last record is all that stays. So each page locks its orders against changes while it reads and appends them: a
 * change that commits during a republish is appended after the republished events, never before them, and the
 * compacted topic keeps ending with each order's latest change.
 */
@Component
class Republishing implements JobHandler {

    /** A dry run lists at most this many of the events it would re-emit. */
    static final int LISTED = 100;

    private final OrderQueries orders;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final int pageSize;

    Republishing(
            OrderQueries orders,
            Outbox outbox,
            TransactionTemplate transactions,
            JsonMapper json,
            ReconcilerProperties properties) {
        this.orders = orders;
        this.outbox = outbox;
        this.transactions = transactions;
        this.json = json;
        this.pageSize = properties.jobs().pageSize();
    }

    /** One event a dry run would re-emit. */
    record Event(String orderId, long sequence, String status, String paidAmount, String causeKind, Instant at) {

        static Event of(OrderChange change) {
            return new Event(
                    change.orderId(),
                    change.sequence(),
                    change.status().name(),
                    change.paidAmount().toPlainString(),
                    change.cause().kind(),
                    change.at());
        }
    }

    /**
     * @param events how many status events were appended to the outbox (a dry run: would be), over how many orders
     * @param listed a dry run's first {@link #LISTED} events, by order and sequence; empty otherwise
     */
    @Schema(name = "RepublishResult")
    record Result(boolean dryRun, String orderId, Instant since, long events, long orders, List<Event> listed) {}

    @Override
    public Job.Kind kind() {
        return Job.Kind.REPUBLISH;
    }

    @Override
    public Map<String, Object> check(boolean dryRun, JsonNode given) {
        String orderId = JobHandler.text(given, "orderId");
        Instant since = JobHandler.instant(given, "since");
        if ((orderId == null) == (since == null)) {
            throw Problems.badRequest("Give exactly one of orderId and since, such as "
                    + "{\"orderId\": \"1001\"} or {\"since\": \"2026-01-01T00:00:00Z\"}");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("orderId", orderId);
        checked.put("since", since == null ? null : since.toString());
        return checked;
    }

    @Override
    public List<String> notes(boolean dryRun) {
        return dryRun
                ? List.of("A dry run appends nothing: cancelled or interrupted it changed nothing; resumed, it counts "
                        + "again")
                : List.of(
                        "Re-emitted page by page, each page one transaction: cancelled or interrupted, what it appended "
                                + "is published",
                        "Resume continues after the last order and sequence re-emitted; a page may be re-emitted "
                                + "twice, marked republished with its original sequences: consumers keep the highest "
                                + "sequence, so that is harmless. Restart re-emits everything again, as harmlessly");
    }

    @Override
    public String summary(JsonNode result) {
        return result.get("events") + " status events of " + result.get("orders") + " orders "
                + (result.get("dryRun").booleanValue() ? "would be re-emitted (dry run)" : "appended to the outbox");
    }

    @Override
    public JsonNode run(RunningJob job) {
        String orderId = JobHandler.text(job.parameters(), "orderId");
        Instant since = JobHandler.instant(job.parameters(), "since");
        OrderQueries.ChangeCount count = orders.countChanges(orderId, since);
        if (job.dryRun()) {
            List<Event> listed = orders.changes(orderId, since, "", -1, LISTED).stream()
                    .map(Event::of)
                    .toList();
            job.progress(count.changes(), count.changes(), null);
            return json.valueToTree(new Result(true, orderId, since, count.changes(), count.orders(), listed));
        }
        JsonNode checkpoint = job.checkpoint();
        long events = checkpoint == null ? 0 : checkpoint.path("events").asLong(0);
        long orderCount = checkpoint == null ? 0 : checkpoint.path("orders").asLong(0);
        String afterOrder =
                checkpoint == null ? "" : checkpoint.path("afterOrder").asString("");
        long afterSequence =
                checkpoint == null ? -1 : checkpoint.path("afterSequence").asLong(-1);
        // the matching history rows now; those re-emitted before a resume are among them
        long total = count.changes();
        while (true) {
            String fromOrder = afterOrder;
            long fromSequence = afterSequence;
            List<OrderChange> page = transactions.execute(tx -> {
                // Which orders the page holds; then those locked against changes and read again, so a change that
                // committed meanwhile is in it, and one that commits later is appended after it.
                List<String> pageOrders = orders.changes(orderId, since, fromOrder, fromSequence, pageSize).stream()
                        .map(OrderChange::orderId)
                        .distinct()
                        .toList();
                if (pageOrders.isEmpty()) {
                    return List.<OrderChange>of();
                }
                orders.lockAgainstChanges(pageOrders);
                List<OrderChange> changes =
                        orders.changes(orderId, since, fromOrder, fromSequence, pageSize, pageOrders);
                changes.forEach(change -> outbox.append(Topics.ORDER_PAYMENT_STATUS, change.republished()));
                return changes;
            });
            if (page.isEmpty()) {
                break;
            }
            events += page.size();
            for (OrderChange change : page) {
                if (!change.orderId().equals(afterOrder)) {
                    orderCount++;
                }
                afterOrder = change.orderId();
            }
            afterSequence = page.get(page.size() - 1).sequence();
            ObjectNode next = json.createObjectNode()
                    .put("afterOrder", afterOrder)
                    .put("afterSequence", afterSequence)
                    .put("events", events)
                    .put("orders", orderCount);
            job.progress(events, Math.max(total, events), next);
            if (page.size() < pageSize) {
                break;
            }
            job.pause();
        }
        return json.valueToTree(new Result(false, orderId, since, events, orderCount, List.of()));
    }
}

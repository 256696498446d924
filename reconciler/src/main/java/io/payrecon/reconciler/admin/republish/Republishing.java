package io.payrecon.reconciler.admin.republish;

import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import io.payrecon.reconciler.order.OrderChange;
import io.payrecon.reconciler.order.OrderQueries;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-emits {@code order.payment-status-changed} from the orders' history for downstream systems that lost data:
 * each change as it was emitted (its original sequence, amounts, flags, cause and time), with a new event id and
 * {@code republished: true}, through the outbox, so they are published in order per order like the originals. The
 * history is read in pages of {@link #PAGE} changes, one transaction each, by (order id, sequence). Running it twice
 * publishes the events twice, each time marked republished: consumers keep the highest sequence they applied.
 *
 * <p>The relay copies every status event to the compacted {@code orders.payment-status-latest.v1}, where an order's
 * last record is all that stays. So each page locks its orders against changes while it reads and appends them: a
 * change that commits during a republish is appended after the republished events, never before them, and the
 * compacted topic keeps ending with each order's latest change.
 */
@Component
class Republishing {

    static final int PAGE = 500;

    private final OrderQueries orders;
    private final Outbox outbox;
    private final TransactionTemplate transactions;

    Republishing(OrderQueries orders, Outbox outbox, TransactionTemplate transactions) {
        this.orders = orders;
        this.outbox = outbox;
        this.transactions = transactions;
    }

    /** @param events how many status events were appended to the outbox, over how many orders */
    @Schema(name = "RepublishResult")
    record Result(long events, long orders) {}

    /** Every status event of one order, or of every order whose changes happened at or after {@code since}. */
    Result republish(String orderId, Instant since) {
        long events = 0;
        long orderCount = 0;
        String afterOrder = "";
        long afterSequence = -1;
        while (true) {
            String fromOrder = afterOrder;
            long fromSequence = afterSequence;
            List<OrderChange> page = transactions.execute(tx -> {
                // Which orders the page holds; then those locked against changes and read again, so a change that
                // committed meanwhile is in it, and one that commits later is appended after it.
                List<String> pageOrders = orders.changes(orderId, since, fromOrder, fromSequence, PAGE).stream()
                        .map(OrderChange::orderId)
                        .distinct()
                        .toList();
                if (pageOrders.isEmpty()) {
                    return List.<OrderChange>of();
                }
                orders.lockAgainstChanges(pageOrders);
                List<OrderChange> changes = orders.changes(orderId, since, fromOrder, fromSequence, PAGE, pageOrders);
                changes.forEach(change -> outbox.append(Topics.ORDER_PAYMENT_STATUS, change.republished()));
                return changes;
            });
            if (page.isEmpty()) {
                return new Result(events, orderCount);
            }
            events += page.size();
            for (OrderChange change : page) {
                if (!change.orderId().equals(afterOrder)) {
                    orderCount++;
                }
                afterOrder = change.orderId();
            }
            afterSequence = page.get(page.size() - 1).sequence();
            if (page.size() < PAGE) {
                return new Result(events, orderCount);
            }
        }
    }
}

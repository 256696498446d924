package io.payrecon.reconciler.admin.rebuild;

import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import io.payrecon.reconciler.order.OrderChange;
import io.payrecon.reconciler.order.Orders;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sets live orders that differ from their rebuilt state to that state, in the caller's transaction, with the live
 * listeners paused. The live {@code orders} table is locked against writers first (readers go on), and the
 * differences are computed again under that lock, so what is corrected is exactly what differs. Each corrected order:
 * its row takes the rebuilt state and the next live sequence; its request ids take what they received and gave back
 * (request ids only the rebuild has are added); a history row with cause {@code rebuild} records the change; an
 * {@code order.payment-status-changed} with that sequence goes to the outbox, so downstream sequences stay gapless.
 * Orders on one side only are reported, never created or deleted here: replay or the dead letters handle those.
 * Corrections that would break what status events promise ({@link OrderDifference#withheld()}) are not made either.
 */
@Component
class SwitchOver {

    private static final Logger log = LoggerFactory.getLogger(SwitchOver.class);

    /** The cause kind of the history rows and status events of a rebuild's corrections. */
    static final String CAUSE = "rebuild";

    private final Orders orders;
    private final StateComparison comparison;
    private final Outbox outbox;

    SwitchOver(Orders orders, StateComparison comparison, Outbox outbox) {
        this.orders = orders;
        this.comparison = comparison;
        this.outbox = outbox;
    }

    /** The live orders corrected, with what differed before. */
    List<OrderDifference> apply(String live, String rebuilt, UUID runId, Instant now) {
        orders.lockAgainstWriters(ScratchSchema.quote(live));
        List<OrderDifference> corrected = comparison.differences(live, rebuilt).stream()
                .filter(OrderDifference::correctable)
                .toList();
        if (corrected.isEmpty()) {
            return corrected;
        }
        List<OrderChange> changes = orders.correct(
                ScratchSchema.quote(live),
                ScratchSchema.quote(rebuilt),
                corrected.stream().map(OrderDifference::orderId).toList(),
                runId,
                CAUSE,
                now);
        for (OrderChange change : changes) {
            log.info(
                    "Order {} corrected by rebuild {}: {} -> {} (sequence {}, paid {})",
                    change.orderId(),
                    runId,
                    change.previousStatus(),
                    change.status(),
                    change.sequence(),
                    change.paidAmount().toPlainString());
        }
        outbox.appendAll(
                Topics.ORDER_PAYMENT_STATUS,
                changes.stream().map(OrderChange::statusEvent).toList());
        return corrected;
    }
}

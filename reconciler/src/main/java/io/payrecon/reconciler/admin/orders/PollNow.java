package io.payrecon.reconciler.admin.orders;

import io.payrecon.events.PaymentStatus;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.order.OrderQueries;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * "Ask the provider now" about an order: its polls are made due at once, so the poller (the {@code polling}
 * package, of whichever instance claims them first) asks {@code GET /v2/request/{requestId}} on its next round,
 * within its rate limit and its 429 back-off, and what it sees comes back through the normal idempotent path. Asking
 * twice only makes the same polls due again.
 */
@Component
class PollNow {

    private final Polls polls;
    private final OrderQueries orders;
    private final Clock clock;

    PollNow(Polls polls, OrderQueries orders, Clock clock) {
        this.polls = polls;
        this.orders = orders;
        this.clock = clock;
    }

    /** @param requestIds the request ids to be polled now */
    record Scheduled(String orderId, List<String> requestIds) {}

    Scheduled poll(String orderId) {
        List<String> requestIds = polls.pollNow(orderId, clock.instant());
        if (requestIds.isEmpty()) {
            PaymentStatus status = orders.status(orderId)
                    .orElseThrow(() -> Problems.unknownOrder("No order " + orderId + " in the reconciler"));
            throw Problems.conflict("Order " + orderId + " is " + status + " and no longer polled (refunded, "
                    + "or past its link's expiry plus reconciler.polling.grace): its story shows what is known");
        }
        return new Scheduled(orderId, requestIds);
    }
}

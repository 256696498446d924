package io.payrecon.reconciler.admin;

import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * "Ask the provider now" about an order: its polls are made due at once, so the poller (the {@code polling}
 * package, of whichever instance claims them first) asks {@code GET /v2/request/{requestId}} on its next round,
 * within its rate limit and its 429 back-off, and what it sees comes back through the normal idempotent path. Asking
 * twice only makes the same polls due again.
 */
@Component
class PollNow {

    /** The statuses whose orders are still polled: the poller's own rule. */
    private static final String STILL_POLLED = Polls.STILL_POLLED;

    private final JdbcClient jdbc;
    private final Clock clock;

    PollNow(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @param requestIds the request ids to be polled now */
    record Scheduled(String orderId, List<String> requestIds) {}

    Scheduled poll(String orderId) {
        List<String> requestIds = jdbc.sql("""
                        UPDATE polls p SET next_poll_at = :now
                        FROM orders o
                        WHERE p.order_id = :orderId AND o.order_id = p.order_id AND p.poll_until > :now
                          AND %s
                        RETURNING p.request_id
                        """.formatted(STILL_POLLED))
                .param("orderId", orderId)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .query(String.class)
                .list();
        if (requestIds.isEmpty()) {
            String status = jdbc.sql("SELECT status FROM orders WHERE order_id = :orderId")
                    .param("orderId", orderId)
                    .query(String.class)
                    .optional()
                    .orElseThrow(() -> Problems.notFound("No order " + orderId + " in the reconciler"));
            throw Problems.conflict("Order " + orderId + " is " + status + " and no longer polled (refunded, "
                    + "or past its link's expiry plus reconciler.polling.grace): its story shows what is known");
        }
        return new Scheduled(orderId, requestIds.stream().sorted().toList());
    }
}

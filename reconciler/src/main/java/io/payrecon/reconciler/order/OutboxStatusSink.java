package io.payrecon.reconciler.order;

import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The live sink: each change's {@code order.payment-status-changed} goes to the outbox, in the batch's transaction,
 * and the webhooks' time to their status events is timed, and what polls showed unseen counted, once the transaction
 * commits.
 */
@Component
class OutboxStatusSink implements StatusSink {

    private final Outbox outbox;
    private final WebhookToStatusLatency latency;
    private final PollingUnseenCounter unseen;

    OutboxStatusSink(Outbox outbox, WebhookToStatusLatency latency, PollingUnseenCounter unseen) {
        this.outbox = outbox;
        this.latency = latency;
        this.unseen = unseen;
    }

    @Override
    public void changed(List<OrderChange> changes, List<Instant> webhooksReceivedAt) {
        outbox.appendAll(
                Topics.ORDER_PAYMENT_STATUS,
                changes.stream().map(OrderChange::statusEvent).toList());
        latency.statusesAppended(webhooksReceivedAt);
    }

    @Override
    public void unseenByPolling(Set<UnseenByPolling> reasons) {
        unseen.seen(reasons);
    }
}

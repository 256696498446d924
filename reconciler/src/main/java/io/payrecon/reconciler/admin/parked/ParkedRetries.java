package io.payrecon.reconciler.admin.parked;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.ParkedQueries;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.order.OrderReconciliation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-tries webhooks still parked although their request id is known now (a link normally releases them as it
 * arrives; this is for those left behind, those taken for foreign included). In one transaction: takes them out,
 * forgets their delivery record ({@code PARKED}, or {@code IGNORED} as foreign), and applies them through
 * {@link OrderReconciliation#applyWebhooks}, the listeners' own path, which deduplicates them by delivery id and
 * business key and records their new outcome. Run twice, the second finds nothing left to retry. Webhooks whose request
 * id is still unknown are not retried: waited for or foreign, only their link can apply them.
 */
@Component
class ParkedRetries {

    private final Inbox inbox;
    private final ParkedWebhooks parkedWebhooks;
    private final ParkedQueries parkedQueries;
    private final OrderReconciliation reconciliation;
    private final TransactionTemplate transactions;

    ParkedRetries(
            Inbox inbox,
            ParkedWebhooks parkedWebhooks,
            ParkedQueries parkedQueries,
            OrderReconciliation reconciliation,
            TransactionTemplate transactions) {
        this.inbox = inbox;
        this.parkedWebhooks = parkedWebhooks;
        this.parkedQueries = parkedQueries;
        this.reconciliation = reconciliation;
        this.transactions = transactions;
    }

    /**
     * Discards these parked webhooks, in one transaction: each stays in {@code parked_webhooks}, marked with the
     * operator, the time and the reason, and is never applied from then on; its delivery is recorded {@code IGNORED}
     * with "discarded by &lt;operator&gt;: &lt;reason&gt;". Those discarded before, or no longer parked, are left as
     * they are (not in the answer).
     */
    List<ParkedWebhooks.Discarded> discard(List<Long> parkedIds, String operator, String reason) {
        return transactions.execute(tx -> {
            List<ParkedWebhooks.Discarded> discarded = parkedWebhooks.discard(parkedIds, operator, reason);
            inbox.settleDiscarded(discarded, "discarded by " + operator + " (kept parked, never applied): " + reason);
            return discarded;
        });
    }

    /**
     * @param deliveries what became of each retried delivery, as its record says
     * @param stillParked webhooks left parked and still waited for, their request ids unknown
     * @param foreign webhooks left parked that were taken for foreign (no link of ours came in time)
     */
    @Schema(name = "ParkedRetryResult")
    record Result(int retried, List<Inbox.DeliveryOutcome> deliveries, long stillParked, long foreign) {}

    Result retry(int limit) {
        return retry(null, limit);
    }

    /** As {@link #retry(int)}, of these parked webhooks only ({@code null}: any). */
    Result retry(List<Long> parkedIds, int limit) {
        return transactions.execute(tx -> {
            List<ParkedWebhooks.Retrying> parked = parkedWebhooks.takeKnown(parkedIds, limit);
            inbox.forgetParked(
                    parked.stream().map(ParkedWebhooks.Retrying::deliveryId).toList());
            if (!parked.isEmpty()) {
                List<Rejection> rejected = reconciliation.applyWebhooks(parked.stream()
                        .map(p -> new InboundRecord(Topics.WEBHOOKS, -1, -1, p.requestId(), p.event()))
                        .toList());
                if (!rejected.isEmpty()) {
                    throw new IllegalStateException("Parked delivery "
                            + parked.get(rejected.get(0).index()).deliveryId() + " cannot be applied: "
                            + rejected.get(0).reason() + "; nothing was retried");
                }
            }
            List<Inbox.DeliveryOutcome> outcomes = inbox.outcomes(
                    parked.stream().map(ParkedWebhooks.Retrying::deliveryId).toList());
            return new Result(
                    parked.size(),
                    outcomes,
                    parkedQueries.countParked(ParkedQueries.ParkedState.WAITING),
                    parkedQueries.countParked(ParkedQueries.ParkedState.FOREIGN));
        });
    }
}

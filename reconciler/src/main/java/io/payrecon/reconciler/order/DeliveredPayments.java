package io.payrecon.reconciler.order;

import io.payrecon.events.OrderPaymentStatusChanged.Cause;
import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.Outcome;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhooks that report a payment, applied to their orders: each payment is counted once by its business key (its
 * transaction, or a digest of its content), whether it arrives in a delivery, a parked delivery or a poll, so a
 * second report of it is a duplicate. Shared by the webhooks' path and the link events' (which applies the webhooks
 * parked for the links it brings).
 */
final class DeliveredPayments {

    private final CountedPayments counted;

    DeliveredPayments(CountedPayments counted) {
        this.counted = counted;
    }

    /**
     * Counts each payment once by business key; the first delivery in the batch with a key is the one counted.
     *
     * @return the keys counted now, which {@link #apply} takes off one by one
     */
    Set<CountedPayments.PaymentKey> countOnce(List<InboundRecords.Delivery> payments, Map<String, String> owners) {
        Map<CountedPayments.PaymentKey, CountedPayments.PaymentToCount> distinct = new LinkedHashMap<>();
        for (InboundRecords.Delivery delivery : payments) {
            distinct.putIfAbsent(
                    delivery.key(),
                    new CountedPayments.PaymentToCount(
                            delivery.key(), owners.get(delivery.requestId()), delivery.deliveryId()));
        }
        return new HashSet<>(counted.count(List.copyOf(distinct.values())));
    }

    /** Applies a delivery's payment to its order, unless its key was counted before: then it is a duplicate. */
    Inbox.Settled apply(
            InboundRecords.Delivery delivery,
            String orderId,
            OrderBatch batch,
            Set<CountedPayments.PaymentKey> counted) {
        if (!counted.remove(delivery.key())) {
            return settled(
                    delivery,
                    Outcome.DUPLICATE,
                    orderId,
                    delivery.key().kind() + " of request " + delivery.requestId() + " with payment reference "
                            + delivery.key().paymentRef() + " (its transaction, or a digest of its content) was "
                            + "already counted from another delivery or a poll");
        }
        Transition transition = batch.apply(
                orderId,
                delivery.fact(),
                new Cause(delivery.webhook().eventId(), delivery.payload().event(), delivery.deliveryId()));
        return transition instanceof Transition.Unchanged unchanged
                ? settled(delivery, Outcome.UNCHANGED, orderId, unchanged.reason())
                : settled(delivery, Outcome.APPLIED, orderId, null);
    }

    private static Inbox.Settled settled(
            InboundRecords.Delivery delivery, Outcome outcome, String orderId, String reason) {
        return new Inbox.Settled(delivery.deliveryId(), outcome, orderId, reason);
    }
}

package io.payrecon.reconciler.order;

import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies {@code payments.webhooks.v1} to orders, in the caller's transaction. Deliveries processed before are
 * recognised by their delivery id and change nothing; each delivery processed now is recorded with its outcome at the
 * end. A delivery for a request id no link has brought yet is parked until its link arrives
 * ({@link LinkEventReconciliation}).
 */
final class WebhookReconciliation {

    private static final Logger log = LoggerFactory.getLogger(WebhookReconciliation.class);

    private final Stores stores;
    private final Orders orders;
    private final Inbox inbox;
    private final ParkedWebhooks parking;
    private final Polls polls;
    private final Clock clock;
    private final InboundRecords inbound;
    private final DeliveredPayments payments;

    WebhookReconciliation(Stores stores, Clock clock, InboundRecords inbound) {
        this.stores = stores;
        this.orders = stores.orders();
        this.inbox = stores.inbox();
        this.parking = stores.parked();
        this.polls = stores.polls();
        this.clock = clock;
        this.inbound = inbound;
        this.payments = new DeliveredPayments(stores.counted());
    }

    /** The same path over other connections (see {@link OrderReconciliation#over}). */
    WebhookReconciliation over(JdbcClient other) {
        return new WebhookReconciliation(stores.over(other), clock, inbound);
    }

    /** Applies a batch of webhooks, in their order; the changes' status events go to {@code sink}. */
    List<Rejection> apply(List<InboundRecord> records, StatusSink sink) {
        List<Rejection> rejected = new ArrayList<>();
        List<InboundRecords.Delivery> read = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            inbound.delivery(records.get(i), i, rejected).ifPresent(read::add);
        }
        Set<String> seen = new HashSet<>(inbox.processedBefore(
                read.stream().map(InboundRecords.Delivery::deliveryId).toList()));
        List<Inbox.Delivery> outcomes = new ArrayList<>();
        List<InboundRecords.Delivery> deliveries = new ArrayList<>();
        for (InboundRecords.Delivery delivery : read) {
            if (!seen.add(delivery.deliveryId())) {
                continue; // processed before, or earlier in this batch: a retry, redelivery or replay
            }
            if (delivery.webhook().test()) {
                outcomes.add(delivery.recorded(
                        Outcome.TEST,
                        null,
                        "a test delivery (x-request-network-test: true) is recorded, never applied"));
            } else if (delivery.fact() instanceof PaymentFact.WithoutPaymentEffect ignored) {
                outcomes.add(delivery.recorded(Outcome.IGNORED, null, ProviderFacts.whyIgnored(ignored)));
            } else {
                deliveries.add(delivery);
            }
        }
        Map<String, String> owners = orders.orderIdsByRequestId(
                deliveries.stream().map(InboundRecords.Delivery::requestId).toList());
        List<InboundRecords.Delivery> unknown = deliveries.stream()
                .filter(delivery -> !owners.containsKey(delivery.requestId()))
                .toList();
        if (!unknown.isEmpty()) {
            orders.lockParking(true);
            owners.putAll(orders.orderIdsByRequestId(
                    unknown.stream().map(InboundRecords.Delivery::requestId).toList()));
            List<InboundRecords.Delivery> toPark = unknown.stream()
                    .filter(delivery -> !owners.containsKey(delivery.requestId()))
                    .toList();
            parking.park(toPark.stream()
                    .map(delivery -> new ParkedWebhooks.ToPark(delivery.requestId(), delivery.webhook()))
                    .toList());
            toPark.forEach(delivery -> outcomes.add(delivery.recorded(
                    Outcome.PARKED,
                    null,
                    "request " + delivery.requestId() + " is not known yet: parked until its payment link arrives")));
            deliveries.removeAll(toPark);
        }
        OrderBatch batch = new OrderBatch(
                orders.lock(deliveries.stream()
                        .map(delivery -> owners.get(delivery.requestId()))
                        .toList()),
                owners,
                clock.instant());
        Set<CountedPayments.PaymentKey> counted = payments.countOnce(deliveries, owners);
        for (InboundRecords.Delivery delivery : deliveries) {
            Inbox.Settled settled = payments.apply(delivery, owners.get(delivery.requestId()), batch, counted);
            outcomes.add(delivery.recorded(settled.outcome(), settled.orderId(), settled.reason()));
        }
        sink.changed(
                batch.flush(orders, polls),
                outcomes.stream()
                        .filter(delivery -> delivery.outcome() == Outcome.APPLIED)
                        .map(Inbox.Delivery::receivedAt)
                        .toList());
        inbox.recordDeliveries(outcomes);
        log.debug(
                "Applied {} webhooks ({} rejected, {} status events)",
                records.size() - rejected.size(),
                rejected.size(),
                batch.statusEvents());
        return rejected;
    }
}

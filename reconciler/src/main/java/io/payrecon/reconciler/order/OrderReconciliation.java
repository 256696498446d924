package io.payrecon.reconciler.order;

import io.payrecon.events.Topics;
import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what arrives on the log to orders: one database transaction per polled batch, each topic through its own
 * path ({@link LinkEventReconciliation}, {@link WebhookReconciliation}, {@link ObservationReconciliation}). In it,
 * every record is deduplicated (event id or delivery id, then the payment's business key), applied through the
 * transition table in log order, written to its order's history, and each change of an order goes to a
 * {@link StatusSink} with its {@code order.payment-status-changed} and the order's next sequence: for the listeners,
 * the outbox, in the same transaction ({@link #live()}). The listener commits the batch's offsets only after this
 * transaction committed, so a crash in between redelivers the batch, and deduplication makes the redelivery change
 * nothing.
 *
 * <p>A record that cannot be applied as it is, is neither applied nor recorded: it is answered as a
 * {@link Rejection}, for the caller to send to its dead-letter topic. Everything else in the batch is applied.
 *
 * <p>Each method costs a fixed number of statements per batch, not per record.
 */
@Service
public class OrderReconciliation {

    private final LinkEventReconciliation linkEvents;
    private final WebhookReconciliation webhooks;
    private final ObservationReconciliation observations;
    private final StatusSink live;

    @Autowired
    OrderReconciliation(
            Orders orders,
            Inbox inbox,
            CountedPayments counted,
            ParkedWebhooks parked,
            OutboxStatusSink live,
            Polls polls,
            Clock clock,
            WebhookSignatures signatures) {
        this(new Stores(orders, inbox, counted, parked, polls), live, clock, new InboundRecords(signatures));
    }

    private OrderReconciliation(Stores stores, StatusSink live, Clock clock, InboundRecords inbound) {
        this(
                new LinkEventReconciliation(stores, clock, inbound),
                new WebhookReconciliation(stores, clock, inbound),
                new ObservationReconciliation(stores, clock, inbound),
                live);
    }

    private OrderReconciliation(
            LinkEventReconciliation linkEvents,
            WebhookReconciliation webhooks,
            ObservationReconciliation observations,
            StatusSink live) {
        this.linkEvents = linkEvents;
        this.webhooks = webhooks;
        this.observations = observations;
        this.live = live;
    }

    /**
     * The same apply path over other connections: a rebuild's, whose search path is its scratch schema. It publishes
     * nothing (its sink is {@link StatusSink#UNPUBLISHED}), and its callers give it its transactions: on the other
     * connections' transaction manager.
     */
    public OrderReconciliation over(JdbcClient other) {
        return new OrderReconciliation(
                linkEvents.over(other), webhooks.over(other), observations.over(other), StatusSink.UNPUBLISHED);
    }

    /**
     * Applies records of one of the three consumed topics through that topic's path: what listeners, replay, rebuild
     * and a dead letter's retry have in common.
     *
     * @throws IllegalArgumentException for a topic the reconciler does not consume
     */
    public List<Rejection> apply(String topic, List<InboundRecord> records) {
        return apply(topic, records, live);
    }

    /**
     * As {@link #apply(String, List)}, the changes' status events going to {@code sink} instead of the outbox.
     *
     * @throws IllegalArgumentException for a topic the reconciler does not consume
     */
    public List<Rejection> apply(String topic, List<InboundRecord> records, StatusSink sink) {
        return switch (topic) {
            case Topics.LINK_EVENTS -> linkEvents.apply(records, sink);
            case Topics.WEBHOOKS -> webhooks.apply(records, sink);
            case Topics.PROVIDER_OBSERVATIONS -> observations.apply(records, sink);
            default -> throw new IllegalArgumentException("The reconciler does not consume " + topic);
        };
    }

    /** The live sink: status events to the outbox, in the applying transaction. */
    public StatusSink live() {
        return live;
    }

    /** Applies a batch of {@code payments.link-events.v1} records, in a transaction: {@link LinkEventReconciliation}. */
    @Transactional
    public List<Rejection> applyLinkEvents(List<InboundRecord> records) {
        return linkEvents.apply(records, live);
    }

    /** Applies a batch of {@code payments.webhooks.v1} records, in a transaction: {@link WebhookReconciliation}. */
    @Transactional
    public List<Rejection> applyWebhooks(List<InboundRecord> records) {
        return webhooks.apply(records, live);
    }

    /**
     * Applies a batch of {@code payments.provider-observations.v1} records, in a transaction:
     * {@link ObservationReconciliation}.
     */
    @Transactional
    public List<Rejection> applyObservations(List<InboundRecord> records) {
        return observations.apply(records, live);
    }
}

package io.payrecon.reconciler.order;

import io.payrecon.events.LinkEvent;
import io.payrecon.events.OrderPaymentStatusChanged.Cause;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.ParkedWebhooks;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies {@code payments.link-events.v1} to orders, in the caller's transaction: a created link opens its order, a
 * renewed one becomes the order's link, an expired one may expire it. Webhooks parked for the link's request ids are
 * applied right after the event that brings them.
 */
final class LinkEventReconciliation {

    private static final Logger log = LoggerFactory.getLogger(LinkEventReconciliation.class);

    /** The provider's links expire after 7 days; the fallback when a link event does not say when. */
    private static final Duration PROVIDER_LINK_LIFETIME = Duration.ofDays(7);

    private final Stores stores;
    private final Orders orders;
    private final Inbox inbox;
    private final ParkedWebhooks parking;
    private final Polls polls;
    private final Clock clock;
    private final InboundRecords inbound;
    private final DeliveredPayments payments;

    LinkEventReconciliation(Stores stores, Clock clock, InboundRecords inbound) {
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
    LinkEventReconciliation over(JdbcClient other) {
        return new LinkEventReconciliation(stores.over(other), clock, inbound);
    }

    /** Applies a batch of link events, in their order; the changes' status events go to {@code sink}. */
    List<Rejection> apply(List<InboundRecord> records, StatusSink sink) {
        List<Rejection> rejected = new ArrayList<>();
        List<InboundRecords.Read<LinkEvent>> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            inbound.linkEvent(records.get(i), i, rejected).ifPresent(events::add);
        }
        orders.lockParking(false);
        Map<String, Order> locked =
                orders.lock(events.stream().map(read -> read.event().orderId()).toList());
        // An order's link events share its key, so its payment-link.created comes first on the log. A renewal or an
        // expiry of an order never created means its creation went to the dead letters: this goes there too.
        Set<String> created = new HashSet<>(locked.keySet());
        List<InboundRecords.Read<LinkEvent>> applicable = new ArrayList<>();
        for (InboundRecords.Read<LinkEvent> read : events) {
            if (read.event() instanceof PaymentLinkCreated) {
                created.add(read.event().orderId());
            }
            if (created.contains(read.event().orderId())) {
                applicable.add(read);
            } else {
                rejected.add(new Rejection(
                        read.index(),
                        read.event().type() + " " + read.event().eventId() + " of order "
                                + read.event().orderId()
                                + ", which has no payment-link.created: replay the order's link events from its "
                                + "creation (look for it in the dead letters)"));
            }
        }
        Set<UUID> fresh = inbox.recordLinkEvents(
                applicable.stream().map(read -> read.event().eventId()).toList(),
                applicable.stream().map(read -> read.event().type()).toList(),
                applicable.stream().map(read -> read.event().orderId()).toList());
        List<LinkEvent> toApply = applicable.stream()
                .map(InboundRecords.Read::event)
                .filter(event -> fresh.remove(event.eventId()))
                .toList();
        Set<String> requestIds = new LinkedHashSet<>(); // the ones created and renewed links may map to their order
        toApply.stream()
                .filter(event -> !(event instanceof PaymentLinkExpired))
                .forEach(event -> requestIds.addAll(event.requestIds()));
        Map<String, String> owners = orders.orderIdsByRequestId(requestIds);
        requestIds.removeAll(owners.keySet());
        Map<String, List<ParkedWebhooks.Unparked>> parked = parking.unpark(requestIds);
        OrderBatch batch = new OrderBatch(locked, owners, clock.instant());
        List<Inbox.Settled> outcomes = new ArrayList<>();
        List<Inbox.Settled> deliveries = new ArrayList<>();
        List<Instant> appliedWebhooksReceivedAt = new ArrayList<>();
        for (LinkEvent event : toApply) {
            LinkApplied applied = applyEvent(event, batch);
            outcomes.add(applied.outcome());
            for (String requestId : applied.requestIdsAdded()) {
                for (ParkedWebhooks.Unparked unparked : parked.getOrDefault(requestId, List.of())) {
                    Inbox.Settled settled = applyParked(unparked, event.orderId(), batch);
                    deliveries.add(settled);
                    if (settled.outcome() == Outcome.APPLIED) {
                        appliedWebhooksReceivedAt.add(unparked.webhook().occurredAt());
                    }
                }
            }
        }
        sink.changed(batch.flush(orders, polls), appliedWebhooksReceivedAt);
        inbox.settleLinkEvents(outcomes);
        inbox.settleDeliveries(deliveries);
        log.debug(
                "Applied {} of {} link events ({} rejected, {} status events)",
                toApply.size(),
                records.size(),
                rejected.size(),
                batch.statusEvents());
        return rejected;
    }

    /** What a link event did: its outcome, and the request ids it mapped to its order. */
    private record LinkApplied(Inbox.Settled outcome, List<String> requestIdsAdded) {}

    private LinkApplied applyEvent(LinkEvent event, OrderBatch batch) {
        String orderId = event.orderId();
        Cause cause = new Cause(event.eventId(), event.type(), null);
        String id = event.eventId().toString();
        if (event instanceof PaymentLinkCreated created && !batch.contains(orderId)) {
            batch.open(
                    Order.open(orderId, created.amount(), created.currency(), created.token(), expiry(created)), cause);
            List<String> added = batch.link(orderId, linkOf(created), event.eventId());
            return new LinkApplied(new Inbox.Settled(id, Outcome.APPLIED, orderId, null), added);
        }
        PaymentFact fact;
        List<String> added = List.of();
        if (event instanceof PaymentLinkCreated created) {
            added = batch.link(orderId, linkOf(created), event.eventId());
            fact = new PaymentFact.LinkCreated(created.token());
        } else if (event instanceof PaymentLinkRenewed renewed) {
            added = batch.link(orderId, linkOf(renewed), event.eventId());
            fact = new PaymentFact.LinkRenewed(renewed.token());
        } else {
            fact = new PaymentFact.LinkExpired(event.token());
        }
        Transition transition = batch.apply(orderId, fact, cause);
        Inbox.Settled outcome = transition instanceof Transition.Unchanged unchanged
                ? new Inbox.Settled(id, Outcome.UNCHANGED, orderId, unchanged.reason())
                : new Inbox.Settled(id, Outcome.APPLIED, orderId, null);
        return new LinkApplied(outcome, added);
    }

    /**
     * A webhook parked until its link arrived: it was read and recorded before, it is applied now. One that had been
     * taken for foreign (no link of ours for that long) is applied all the same, and its record says so.
     */
    private Inbox.Settled applyParked(ParkedWebhooks.Unparked unparked, String orderId, OrderBatch batch) {
        WebhookReceived webhook = unparked.webhook();
        InboundRecords.Delivery delivery = InboundRecords.delivery(webhook);
        Set<CountedPayments.PaymentKey> counted =
                payments.countOnce(List.of(delivery), Map.of(delivery.requestId(), orderId));
        Inbox.Settled settled = payments.apply(delivery, orderId, batch, counted);
        if (unparked.foreignAt() == null) {
            log.debug(
                    "Applying delivery {} to order {}: it was parked until its link arrived",
                    webhook.deliveryId(),
                    orderId);
            return settled;
        }
        String late = "its link arrived after it had been taken for foreign (" + unparked.foreignAt() + ")";
        log.info(
                "Delivery {} for request {} applied to order {}: {}",
                webhook.deliveryId(),
                delivery.requestId(),
                orderId,
                late);
        return new Inbox.Settled(
                settled.id(),
                settled.outcome(),
                settled.orderId(),
                settled.reason() == null ? late : settled.reason() + "; " + late);
    }

    private static OrderBatch.LinkOfOrder linkOf(PaymentLinkCreated created) {
        return new OrderBatch.LinkOfOrder(
                created.token(),
                created.requestIds(),
                created.createdAt() != null ? created.createdAt() : created.occurredAt(),
                expiry(created),
                created.amount());
    }

    private static OrderBatch.LinkOfOrder linkOf(PaymentLinkRenewed renewed) {
        Instant createdAt = renewed.createdAt() != null ? renewed.createdAt() : renewed.occurredAt();
        return new OrderBatch.LinkOfOrder(
                renewed.token(),
                renewed.requestIds(),
                createdAt,
                renewed.expiresAt() != null ? renewed.expiresAt() : createdAt.plus(PROVIDER_LINK_LIFETIME),
                renewed.amount());
    }

    private static Instant expiry(PaymentLinkCreated created) {
        return created.expiresAt() != null
                ? created.expiresAt()
                : (created.createdAt() != null ? created.createdAt() : created.occurredAt())
                        .plus(PROVIDER_LINK_LIFETIME);
    }
}

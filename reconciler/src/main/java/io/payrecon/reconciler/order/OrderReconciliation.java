package io.payrecon.reconciler.order;

import io.payrecon.events.EventTypes;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.OrderPaymentStatusChanged.Cause;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.polling.Polls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what arrives on the log to orders: one database transaction per polled batch. In it, every record is
 * deduplicated (event id or delivery id, then the payment's business key), applied through the transition table in
 * log order, written to its order's history, and each change of an order goes to a {@link StatusSink} with its
 * {@code order.payment-status-changed} and the order's next sequence: for the listeners, the outbox, in the same
 * transaction ({@link #live()}). The listener commits the batch's offsets
 * only after this transaction committed, so a crash in between redelivers the batch, and deduplication makes the
 * redelivery change nothing.
 *
 * <p>A record that cannot be applied as it is, is neither applied nor recorded: it is answered as a
 * {@link Rejection}, for the caller to send to its dead-letter topic. Everything else in the batch is applied.
 *
 * <p>Each method costs a fixed number of statements per batch, not per record.
 */
@Service
public class OrderReconciliation {

    private static final Logger log = LoggerFactory.getLogger(OrderReconciliation.class);

    /** The provider's links expire after 7 days; the fallback when a link event does not say when. */
    private static final Duration PROVIDER_LINK_LIFETIME = Duration.ofDays(7);

    private final Orders orders;
    private final Inbox inbox;
    private final StatusSink live;
    private final Polls polls;
    private final Clock clock;
    private final InboundRecords inbound;

    @Autowired
    OrderReconciliation(
            Orders orders, Inbox inbox, OutboxStatusSink live, Polls polls, Clock clock, WebhookSignatures signatures) {
        this(orders, inbox, live, polls, clock, new InboundRecords(signatures));
    }

    private OrderReconciliation(
            Orders orders, Inbox inbox, StatusSink live, Polls polls, Clock clock, InboundRecords inbound) {
        this.orders = orders;
        this.inbox = inbox;
        this.live = live;
        this.polls = polls;
        this.clock = clock;
        this.inbound = inbound;
    }

    /**
     * The same apply path over other connections: a rebuild's, whose search path is its scratch schema. It publishes
     * nothing (its sink is {@link StatusSink#UNPUBLISHED}), and its callers give it its transactions: on the other
     * connections' transaction manager.
     */
    public OrderReconciliation over(JdbcClient other) {
        return new OrderReconciliation(
                orders.over(other), inbox.over(other), StatusSink.UNPUBLISHED, polls.over(other), clock, inbound);
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
            case Topics.LINK_EVENTS -> applyLinkEvents(records, sink);
            case Topics.WEBHOOKS -> applyWebhooks(records, sink);
            case Topics.PROVIDER_OBSERVATIONS -> applyObservations(records, sink);
            default -> throw new IllegalArgumentException("The reconciler does not consume " + topic);
        };
    }

    /** The live sink: status events to the outbox, in the applying transaction. */
    public StatusSink live() {
        return live;
    }

    /**
     * Applies a batch of {@code payments.link-events.v1} records, in their order: a created link opens its order, a
     * renewed one becomes the order's link, an expired one may expire it. Webhooks parked for the link's request ids
     * are applied right after the event that brings them.
     */
    @Transactional
    public List<Rejection> applyLinkEvents(List<InboundRecord> records) {
        return applyLinkEvents(records, live);
    }

    private List<Rejection> applyLinkEvents(List<InboundRecord> records, StatusSink sink) {
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
        Map<String, List<Inbox.Unparked>> parked = inbox.unpark(requestIds);
        OrderBatch batch = new OrderBatch(locked, owners, clock.instant());
        List<Inbox.Settled> outcomes = new ArrayList<>();
        List<Inbox.Settled> deliveries = new ArrayList<>();
        List<Instant> appliedWebhooksReceivedAt = new ArrayList<>();
        for (LinkEvent event : toApply) {
            LinkApplied applied = applyLinkEvent(event, batch);
            outcomes.add(applied.outcome());
            for (String requestId : applied.requestIdsAdded()) {
                for (Inbox.Unparked unparked : parked.getOrDefault(requestId, List.of())) {
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

    /**
     * Applies a batch of {@code payments.webhooks.v1} records, in their order. Deliveries processed before are
     * recognised by their delivery id and change nothing; each delivery processed now is recorded with its outcome
     * at the end of the transaction.
     */
    @Transactional
    public List<Rejection> applyWebhooks(List<InboundRecord> records) {
        return applyWebhooks(records, live);
    }

    private List<Rejection> applyWebhooks(List<InboundRecord> records, StatusSink sink) {
        List<Rejection> rejected = new ArrayList<>();
        List<InboundRecords.Delivery> read = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            inbound.delivery(records.get(i), i, rejected).ifPresent(read::add);
        }
        Set<String> seen = new HashSet<>(inbox.processedBefore(
                read.stream().map(InboundRecords.Delivery::deliveryId).toList()));
        List<Inbox.Delivery> outcomes = new ArrayList<>();
        List<InboundRecords.Delivery> payments = new ArrayList<>();
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
                payments.add(delivery);
            }
        }
        Map<String, String> owners = orders.orderIdsByRequestId(
                payments.stream().map(InboundRecords.Delivery::requestId).toList());
        List<InboundRecords.Delivery> unknown = payments.stream()
                .filter(delivery -> !owners.containsKey(delivery.requestId()))
                .toList();
        if (!unknown.isEmpty()) {
            orders.lockParking(true);
            owners.putAll(orders.orderIdsByRequestId(
                    unknown.stream().map(InboundRecords.Delivery::requestId).toList()));
            List<InboundRecords.Delivery> toPark = unknown.stream()
                    .filter(delivery -> !owners.containsKey(delivery.requestId()))
                    .toList();
            inbox.park(toPark.stream()
                    .map(delivery -> new Inbox.ToPark(delivery.requestId(), delivery.webhook()))
                    .toList());
            toPark.forEach(delivery -> outcomes.add(delivery.recorded(
                    Outcome.PARKED,
                    null,
                    "request " + delivery.requestId() + " is not known yet: parked until its payment link arrives")));
            payments.removeAll(toPark);
        }
        OrderBatch batch = new OrderBatch(
                orders.lock(payments.stream()
                        .map(delivery -> owners.get(delivery.requestId()))
                        .toList()),
                owners,
                clock.instant());
        Set<Inbox.PaymentKey> counted = countOnce(payments, owners);
        for (InboundRecords.Delivery delivery : payments) {
            Inbox.Settled settled = applyPayment(delivery, owners.get(delivery.requestId()), batch, counted);
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

    /**
     * Applies a batch of {@code payments.provider-observations.v1} records: what the poller saw when it asked the
     * provider. A snapshot counts money by the request's total, so an observation of money already reported by
     * webhooks changes nothing; its payments are recorded by transaction, so a webhook reporting one later is a
     * duplicate.
     */
    @Transactional
    public List<Rejection> applyObservations(List<InboundRecord> records) {
        return applyObservations(records, live);
    }

    private List<Rejection> applyObservations(List<InboundRecord> records, StatusSink sink) {
        List<Rejection> rejected = new ArrayList<>();
        List<ProviderStatusObserved> observations = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            inbound.observation(records.get(i), i, rejected).ifPresent(observations::add);
        }
        Set<UUID> fresh = inbox.recordObservations(
                observations.stream().map(ProviderStatusObserved::eventId).toList(),
                observations.stream().map(ProviderStatusObserved::requestId).toList(),
                observations.stream().map(ProviderStatusObserved::occurredAt).toList());
        List<ProviderStatusObserved> toApply = observations.stream()
                .filter(observed -> fresh.remove(observed.eventId()))
                .toList();
        Map<String, String> owners = orders.orderIdsByRequestId(
                toApply.stream().map(ProviderStatusObserved::requestId).toList());
        OrderBatch batch = new OrderBatch(orders.lock(owners.values()), owners, clock.instant());
        inbox.countObservedPayments(toApply.stream()
                .filter(observed -> owners.containsKey(observed.requestId()))
                .flatMap(observed -> ProviderFacts.transactionsCounted(observed).stream()
                        .map(txHash -> new Inbox.PaymentToCount(
                                new Inbox.PaymentKey(observed.requestId(), Inbox.OBSERVED_KIND, txHash),
                                owners.get(observed.requestId()),
                                observed.eventId().toString())))
                .distinct()
                .toList());
        List<Inbox.Settled> outcomes = new ArrayList<>();
        for (ProviderStatusObserved observed : toApply) {
            String orderId = owners.get(observed.requestId());
            String id = observed.eventId().toString();
            if (orderId == null) {
                outcomes.add(new Inbox.Settled(
                        id,
                        Outcome.IGNORED,
                        null,
                        "request " + observed.requestId() + " belongs to no order: only requests of orders are "
                                + "polled, so this observation comes from elsewhere"));
                continue;
            }
            Cause cause = new Cause(observed.eventId(), EventTypes.PROVIDER_STATUS_OBSERVED, null);
            PaymentFact.ProviderObserved fact = ProviderFacts.of(observed);
            Set<UnseenByPolling> unseen = EnumSet.noneOf(UnseenByPolling.class);
            unseen.addAll(batch.order(orderId).unseenBy(fact));
            unseen.addAll(ProviderFacts.unseenIn(observed));
            // the money first (a refunded request still shows what it received), then the refund, if it shows one
            Transition transition = batch.apply(orderId, fact, cause);
            Optional<Transition> refund =
                    ProviderFacts.refundOf(observed).map(refunded -> batch.apply(orderId, refunded, cause));
            if (refund.isPresent() && refund.get() instanceof Transition.Changed) {
                transition = refund.get();
            }
            String note = unseen.isEmpty() ? null : unseenNote(observed, unseen);
            outcomes.add(
                    transition instanceof Transition.Unchanged unchanged
                            ? new Inbox.Settled(
                                    id,
                                    Outcome.UNCHANGED,
                                    orderId,
                                    note == null ? unchanged.reason() : unchanged.reason() + "; " + note)
                            : new Inbox.Settled(id, Outcome.APPLIED, orderId, note));
            if (!unseen.isEmpty()) {
                log.info(
                        "Order {}: observation {} of request {}: {}",
                        orderId,
                        observed.eventId(),
                        observed.requestId(),
                        note);
                sink.unseenByPolling(unseen);
            }
        }
        sink.changed(batch.flush(orders, polls), List.of());
        inbox.settleObservations(outcomes);
        return rejected;
    }

    /** What an observation showed that polling cannot account for, as its recorded reason says it. */
    private static String unseenNote(ProviderStatusObserved observed, Set<UnseenByPolling> unseen) {
        List<String> parts = new ArrayList<>();
        for (UnseenByPolling reason : unseen) {
            String part = reason.tag() + " (" + reason.description();
            if (reason == UnseenByPolling.UNKNOWN_STATUS) {
                String status = observed.status();
                part += ": " + (status.length() > 64 ? status.substring(0, 64) + "…" : status);
            }
            parts.add(part + ")");
        }
        return "polling cannot see: " + String.join("; ", parts) + " (reconciler README, What polling cannot see)";
    }

    /** What a link event did: its outcome, and the request ids it mapped to its order. */
    private record LinkApplied(Inbox.Settled outcome, List<String> requestIdsAdded) {}

    private LinkApplied applyLinkEvent(LinkEvent event, OrderBatch batch) {
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
    private Inbox.Settled applyParked(Inbox.Unparked unparked, String orderId, OrderBatch batch) {
        WebhookReceived webhook = unparked.webhook();
        InboundRecords.Delivery delivery = InboundRecords.delivery(webhook);
        Set<Inbox.PaymentKey> counted = countOnce(List.of(delivery), Map.of(delivery.requestId(), orderId));
        Inbox.Settled settled = applyPayment(delivery, orderId, batch, counted);
        if (unparked.foreignAt() == null) {
            log.debug(
                    "Applying delivery {} to order {}: it was parked until its link arrived",
                    webhook.deliveryId(),
                    orderId);
            return settled;
        }
        String late = "its link arrived after it had been taken for foreign (" + unparked.foreignAt() + ")";
        log.info(
                "InboundRecords.Delivery {} for request {} applied to order {}: {}",
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

    private Inbox.Settled applyPayment(
            InboundRecords.Delivery delivery, String orderId, OrderBatch batch, Set<Inbox.PaymentKey> counted) {
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

    /** Counts each payment once by business key; the first delivery in the batch with a key is the one counted. */
    private Set<Inbox.PaymentKey> countOnce(List<InboundRecords.Delivery> payments, Map<String, String> owners) {
        Map<Inbox.PaymentKey, Inbox.PaymentToCount> distinct = new LinkedHashMap<>();
        for (InboundRecords.Delivery delivery : payments) {
            distinct.putIfAbsent(
                    delivery.key(),
                    new Inbox.PaymentToCount(delivery.key(), owners.get(delivery.requestId()), delivery.deliveryId()));
        }
        return new HashSet<>(inbox.countPayments(List.copyOf(distinct.values())));
    }

    private static Inbox.Settled settled(
            InboundRecords.Delivery delivery, Outcome outcome, String orderId, String reason) {
        return new Inbox.Settled(delivery.deliveryId(), outcome, orderId, reason);
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

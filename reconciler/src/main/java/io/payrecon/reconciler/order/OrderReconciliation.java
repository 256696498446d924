package io.payrecon.reconciler.order;

import io.payrecon.events.EventCodec;
import io.payrecon.events.EventCodec.MalformedEventException;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.outbox.Outbox;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.MalformedWebhookException;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.ProviderWebhook;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what arrives on the log to orders: one database transaction per polled batch, in which each record is
 * deduplicated, applied through the transition table and, when it opened or changed an order, written to the
 * order's history. A change of an open order is also appended to the outbox as an
 * {@code order.payment-status-changed} (sequence 1, 2, 3, … per order); the opening (sequence 0) emits none. The
 * listener commits the batch's offsets only after this transaction committed, so a crash in between redelivers
 * the batch and the deduplication makes the redelivery change nothing.
 *
 * <p>A record that cannot be read or applied as it is becomes a dead letter in the same transaction, so it never
 * blocks its partition and is never silently skipped.
 */
@Service
public class OrderReconciliation {

    private static final Logger log = LoggerFactory.getLogger(OrderReconciliation.class);

    /** Provider event types that are kept but never change an order's payment status. */
    private static final Set<String> WITHOUT_PAYMENT_EFFECT = Set.of(
            "payment.processing",
            "request.recurring",
            "compliance.updated",
            "payment_detail.updated",
            "secure_payment.user_event",
            "secure_payment.access_rejected");

    private final Orders orders;
    private final Inbox inbox;
    private final Outbox outbox;
    private final Clock clock;

    OrderReconciliation(Orders orders, Inbox inbox, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.inbox = inbox;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies a batch of {@code payments.link-events.v1} records, in their order. */
    @Transactional
    public void onLinkEvents(List<InboundRecord> records) {
        List<Received<LinkEvent>> events = new ArrayList<>();
        for (InboundRecord record : records) {
            readLinkEvent(record).ifPresent(events::add);
        }
        orders.lockRequestIds(events.stream()
                .flatMap(received -> received.event().requestIds().stream())
                .toList());
        Map<String, Order> batch = orders.lock(
                events.stream().map(received -> received.event().orderId()).toList());
        for (Received<LinkEvent> received : events) {
            LinkEvent event = received.event();
            if (event instanceof PaymentLinkRenewed && !batch.containsKey(event.orderId())) {
                deadLetter(
                        received.record(),
                        event.eventId(),
                        null,
                        "payment-link.renewed for order " + event.orderId()
                                + ", which has no payment-link.created: replay the order's link events from the start");
            } else if (!inbox.recordLinkEvent(event)) {
                log.info(
                        "Link event {} ({}) of order {} was processed before: nothing changes",
                        event.eventId(),
                        event.type(),
                        event.orderId());
            } else if (event instanceof PaymentLinkCreated created) {
                onLinkCreated(created, batch);
            } else if (event instanceof PaymentLinkRenewed renewed) {
                addRequestIds(renewed, batch);
                inbox.settleLinkEvent(renewed.eventId(), Outcome.APPLIED, null);
            } else {
                inbox.settleLinkEvent(event.eventId(), Outcome.IGNORED, event.type() + " is not applied to orders yet");
            }
        }
    }

    /** Applies a batch of {@code payments.webhooks.v1} records, in their order. */
    @Transactional
    public void onWebhooks(List<InboundRecord> records) {
        List<Delivery> deliveries = new ArrayList<>();
        for (InboundRecord record : records) {
            readDelivery(record).ifPresent(deliveries::add);
        }
        Set<String> requestIds = deliveries.stream()
                .filter(Delivery::mayChangeAnOrder)
                .map(delivery -> delivery.payload().requestId())
                .collect(Collectors.toCollection(TreeSet::new));
        orders.lockRequestIds(requestIds);
        Map<String, String> orderIds = orders.orderIdsByRequestId(requestIds);
        Map<String, Order> batch = orders.lock(orderIds.values());
        for (Delivery delivery : deliveries) {
            receive(delivery, orderIds, batch);
        }
    }

    private void onLinkCreated(PaymentLinkCreated created, Map<String, Order> batch) {
        if (batch.containsKey(created.orderId())) {
            inbox.settleLinkEvent(created.eventId(), Outcome.UNCHANGED, "the order already exists");
        } else {
            Transition.Changed opened = Order.open(created.orderId(), created.amount(), created.currency());
            orders.insert(opened.order(), clock.instant());
            record(opened, new OrderPaymentStatusChanged.Cause(created.eventId(), created.type(), null));
            batch.put(created.orderId(), opened.order());
            inbox.settleLinkEvent(created.eventId(), Outcome.APPLIED, null);
        }
        addRequestIds(created, batch);
    }

    /** Maps the link's request ids to its order, then applies the webhooks that were parked waiting for them. */
    private void addRequestIds(LinkEvent event, Map<String, Order> batch) {
        String orderId = event.orderId();
        List<String> added = orders.addRequestIds(orderId, event.requestIds(), event.eventId(), clock.instant());
        if (added.size() < event.requestIds().size()) {
            orders.orderIdsByRequestId(event.requestIds()).forEach((requestId, owner) -> {
                if (!owner.equals(orderId)) {
                    log.warn(
                            "Request {} of order {} in link event {} already belongs to order {}: left there",
                            requestId,
                            orderId,
                            event.eventId(),
                            owner);
                }
            });
        }
        batch.put(orderId, batch.get(orderId).withRequestIds(added));
        for (WebhookReceived parked : inbox.unpark(added)) {
            Delivery delivery = delivery(parked); // it was read without error before it was parked
            log.info(
                    "Applying delivery {} to order {}: it was parked until request {} was known",
                    parked.deliveryId(),
                    orderId,
                    delivery.payload().requestId());
            applyToOrder(orderId, delivery, batch);
        }
    }

    private void receive(Delivery delivery, Map<String, String> orderIds, Map<String, Order> batch) {
        WebhookReceived webhook = delivery.webhook();
        ProviderWebhook payload = delivery.payload();
        if (!inbox.recordDelivery(webhook, payload)) {
            log.info(
                    "Delivery {} ({} for request {}) was processed before: nothing changes",
                    webhook.deliveryId(),
                    payload.event(),
                    payload.requestId());
        } else if (webhook.test()) {
            inbox.settleDelivery(
                    webhook.deliveryId(),
                    Outcome.TEST,
                    null,
                    "a test delivery (x-request-network-test: true) is recorded, never applied");
        } else if (delivery.fact() == null) {
            inbox.settleDelivery(webhook.deliveryId(), Outcome.IGNORED, null, whyIgnored(payload.event()));
        } else if (!orderIds.containsKey(payload.requestId())) {
            inbox.park(webhook, payload.requestId());
            inbox.settleDelivery(
                    webhook.deliveryId(),
                    Outcome.PARKED,
                    null,
                    "request " + payload.requestId() + " is not known yet: parked until its payment link arrives");
            log.info(
                    "Delivery {} ({}) parked: request {} is not known yet",
                    webhook.deliveryId(),
                    payload.event(),
                    payload.requestId());
        } else {
            applyToOrder(orderIds.get(payload.requestId()), delivery, batch);
        }
    }

    private void applyToOrder(String orderId, Delivery delivery, Map<String, Order> batch) {
        WebhookReceived webhook = delivery.webhook();
        ProviderWebhook payload = delivery.payload();
        String paymentRef = payload.txHash() != null ? payload.txHash() : webhook.deliveryId();
        if (!inbox.countPayment(payload.requestId(), payload.kind(), paymentRef, orderId, webhook.deliveryId())) {
            inbox.settleDelivery(
                    webhook.deliveryId(),
                    Outcome.DUPLICATE,
                    orderId,
                    payload.kind() + " of request " + payload.requestId() + " with transaction " + paymentRef
                            + " was already counted from another delivery");
            log.info(
                    "Delivery {} ({}) of order {} reports a payment already counted: nothing changes",
                    webhook.deliveryId(),
                    payload.event(),
                    orderId);
            return;
        }
        Transition transition = batch.get(orderId).apply(payload.requestId(), delivery.fact());
        if (transition instanceof Transition.Changed changed) {
            orders.update(changed.order(), clock.instant());
            record(
                    changed,
                    new OrderPaymentStatusChanged.Cause(webhook.eventId(), payload.event(), webhook.deliveryId()));
            batch.put(orderId, changed.order());
            inbox.settleDelivery(webhook.deliveryId(), Outcome.APPLIED, orderId, null);
        } else {
            String reason = ((Transition.Unchanged) transition).reason();
            inbox.settleDelivery(webhook.deliveryId(), Outcome.UNCHANGED, orderId, reason);
            log.info(
                    "Delivery {} ({}) leaves order {} unchanged: {}",
                    webhook.deliveryId(),
                    payload.event(),
                    orderId,
                    reason);
        }
    }

    /**
     * Records the opening or change in the order's history, in this transaction. A change of an open order also
     * appends its status event to the outbox, with the order's new sequence; the opening (sequence 0) emits none.
     */
    private void record(Transition.Changed change, OrderPaymentStatusChanged.Cause cause) {
        Order order = change.order();
        Instant at = clock.instant();
        if (change.opened()) {
            orders.recordHistory(change, cause, null, at);
            log.info(
                    "Order {} opened {} (sequence {}, expecting {} {}) by {} {}",
                    order.id(),
                    order.status(),
                    order.sequence(),
                    order.expectedAmount().toPlainString(),
                    order.currency(),
                    cause.kind(),
                    cause.eventId());
            return;
        }
        OrderPaymentStatusChanged event = new OrderPaymentStatusChanged(
                UUID.randomUUID(),
                at,
                order.id(),
                order.status(),
                change.previousStatus(),
                order.sequence(),
                order.expectedAmount(),
                order.paidAmount(),
                order.currency(),
                cause,
                order.flags().stream().map(OrderFlag::wireName).toList(),
                false);
        orders.recordHistory(change, cause, event.eventId(), at);
        outbox.append(Topics.ORDER_PAYMENT_STATUS, event);
        log.info(
                "Order {} {} -> {} (sequence {}, paid {} of {}) by {} {}",
                order.id(),
                change.previousStatus(),
                order.status(),
                order.sequence(),
                order.paidAmount().toPlainString(),
                order.expectedAmount().toPlainString(),
                cause.kind(),
                cause.eventId());
    }

    private Optional<Received<LinkEvent>> readLinkEvent(InboundRecord record) {
        LinkEvent event;
        try {
            event = EventCodec.read(record.value(), LinkEvent.class);
        } catch (MalformedEventException e) {
            deadLetter(record, null, null, e.getMessage());
            return Optional.empty();
        }
        String problem = problemOf(event);
        if (problem != null) {
            deadLetter(record, event.eventId(), null, problem);
            return Optional.empty();
        }
        return Optional.of(new Received<>(record, event));
    }

    private static String problemOf(LinkEvent event) {
        if (event.eventId() == null || isBlank(event.orderId())) {
            return event.type() + " without eventId or orderId";
        }
        if (event.requestIds().stream().anyMatch(OrderReconciliation::isBlank)) {
            return event.type() + " " + event.eventId() + " has a blank request id";
        }
        if (event instanceof PaymentLinkCreated created
                && (created.amount() == null || created.amount().signum() <= 0)) {
            return "payment-link.created " + event.eventId() + " without a positive amount";
        }
        return null;
    }

    private Optional<Delivery> readDelivery(InboundRecord record) {
        WebhookReceived webhook;
        try {
            if (!(EventCodec.read(record.value(), WebhookEvent.class) instanceof WebhookReceived received)) {
                throw new MalformedEventException("Not a webhook.received", null);
            }
            webhook = received;
        } catch (MalformedEventException e) {
            deadLetter(record, null, null, e.getMessage());
            return Optional.empty();
        }
        if (webhook.eventId() == null || webhook.occurredAt() == null || isBlank(webhook.deliveryId())) {
            deadLetter(record, webhook.eventId(), null, "webhook.received without eventId, occurredAt or deliveryId");
            return Optional.empty();
        }
        try {
            return Optional.of(delivery(webhook));
        } catch (MalformedWebhookException e) {
            deadLetter(record, webhook.eventId(), webhook.deliveryId(), e.getMessage());
            return Optional.empty();
        }
    }

    private void deadLetter(InboundRecord record, UUID eventId, String deliveryId, String reason) {
        inbox.deadLetter(record, eventId, deliveryId, reason);
        log.warn("Dead letter {} (event {}, delivery {}): {}", record, eventId, deliveryId, reason);
    }

    private static Delivery delivery(WebhookReceived webhook) {
        ProviderWebhook payload = ProviderWebhook.parse(webhook.body());
        return new Delivery(webhook, payload, factOf(payload));
    }

    /**
     * The payment fact a provider webhook reports, or {@code null} for event types that do not change an order.
     *
     * @throws MalformedWebhookException when a payment event lacks what it takes to apply it
     */
    private static PaymentFact factOf(ProviderWebhook payload) {
        String kind = payload.kind();
        if (!"payment.confirmed".equals(kind) && !"payment.partial".equals(kind) && !"payment.failed".equals(kind)) {
            return null;
        }
        if (payload.requestId() == null) {
            throw new MalformedWebhookException(payload.event() + " without requestId (or requestID)");
        }
        return switch (kind) {
            case "payment.confirmed" -> new PaymentFact.PaymentConfirmed(payload.totalAmountPaid(), payload.currency());
            case "payment.partial" -> new PaymentFact.PaymentPartial(partialTotal(payload), payload.currency());
            default -> new PaymentFact.PaymentFailed(payload.subStatus());
        };
    }

    /** {@code totalAmountPaid}; a partial report without it counts at least its own {@code amount}. */
    private static BigDecimal partialTotal(ProviderWebhook payload) {
        BigDecimal total = payload.totalAmountPaid() != null ? payload.totalAmountPaid() : payload.amount();
        if (total == null || total.signum() <= 0) {
            throw new MalformedWebhookException(
                    payload.event() + " for request " + payload.requestId() + " without a positive totalAmountPaid");
        }
        return total;
    }

    private static String whyIgnored(String event) {
        if (event == null) {
            return "the body has no event type: kept, no effect";
        }
        if ("payment.refunded".equals(event)) {
            return "refunds are not applied to orders yet";
        }
        if (WITHOUT_PAYMENT_EFFECT.contains(event)) {
            return event + " does not change an order's payment status";
        }
        return "unknown event type " + event + ": kept, no effect";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private record Received<T>(InboundRecord record, T event) {}

    /** A webhook delivery with its body read, and the payment fact it reports ({@code null} when none). */
    private record Delivery(WebhookReceived webhook, ProviderWebhook payload, PaymentFact fact) {

        boolean mayChangeAnOrder() {
            return fact != null && !webhook.test();
        }
    }
}

package io.payrecon.reconciler.order;

import io.payrecon.events.EventCodec;
import io.payrecon.events.EventCodec.MalformedEventException;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.ProviderEvent;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.inbox.CountedPayments;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Inbox;
import io.payrecon.reconciler.inbox.MalformedWebhookException;
import io.payrecon.reconciler.inbox.Outcome;
import io.payrecon.reconciler.inbox.ProviderWebhook;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.requestclient.DeliveryIds;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the records of the three consumed topics into what the apply path applies: each is decoded and checked, or
 * answered as a {@link Rejection} saying why it cannot be applied as it is (for its dead-letter topic).
 */
final class InboundRecords {

    private final WebhookSignatures signatures;

    InboundRecords(WebhookSignatures signatures) {
        this.signatures = signatures;
    }

    Optional<Read<LinkEvent>> linkEvent(InboundRecord record, int index, List<Rejection> rejected) {
        LinkEvent event;
        try {
            event = EventCodec.read(record.value(), LinkEvent.class);
        } catch (MalformedEventException e) {
            return reject(rejected, index, e.getMessage());
        }
        String problem = problemOf(event);
        return problem != null ? reject(rejected, index, problem) : Optional.of(new Read<>(index, event));
    }

    private static String problemOf(LinkEvent event) {
        if (event.eventId() == null || isBlank(event.orderId()) || event.occurredAt() == null) {
            return event.type() + " without eventId, occurredAt or orderId";
        }
        if (Stream.concat(Stream.of(event.orderId(), event.token()), event.requestIds().stream())
                .anyMatch(value -> value != null && value.indexOf('\u0000') >= 0)) {
            return event.type() + " " + event.eventId() + " has an id with a NUL character";
        }
        if (event.requestIds().stream().anyMatch(InboundRecords::isBlank)) {
            return event.type() + " " + event.eventId() + " has a blank request id";
        }
        if (event instanceof PaymentLinkCreated created && !isPlausibleAmount(created.amount())) {
            return "payment-link.created " + event.eventId() + " without a positive amount of at most 38 digits";
        }
        return null;
    }

    Optional<Delivery> delivery(InboundRecord record, int index, List<Rejection> rejected) {
        WebhookReceived webhook;
        try {
            if (!(EventCodec.read(record.value(), WebhookEvent.class) instanceof WebhookReceived received)) {
                return reject(rejected, index, "Not a webhook.received");
            }
            webhook = received;
        } catch (MalformedEventException e) {
            return reject(rejected, index, e.getMessage());
        }
        if (webhook.eventId() == null || webhook.occurredAt() == null || isBlank(webhook.deliveryId())) {
            return reject(rejected, index, "webhook.received without eventId, occurredAt or deliveryId");
        }
        Optional<String> forged = signatures.problemOf(webhook);
        if (forged.isPresent()) {
            return reject(rejected, index, forged.get());
        }
        if (!DeliveryIds.isSafe(webhook.deliveryId())) {
            webhook = webhook.withDeliveryId(
                    DeliveryIds.safe(webhook.deliveryId())); // recorded safely, as the gateway does
        }
        if (Stream.of(webhook.deliveryId(), webhook.event(), webhook.requestId())
                .anyMatch(value -> value != null && value.indexOf('\u0000') >= 0)) {
            return reject(rejected, index, "webhook.received " + webhook.eventId() + " has a NUL character");
        }
        try {
            return Optional.of(delivery(webhook));
        } catch (MalformedWebhookException e) {
            return reject(
                    rejected, index, "delivery " + webhook.deliveryId() + " cannot be applied: " + e.getMessage());
        }
    }

    Optional<ProviderStatusObserved> observation(InboundRecord record, int index, List<Rejection> rejected) {
        ProviderStatusObserved observed;
        try {
            if (!(EventCodec.read(record.value(), ProviderEvent.class) instanceof ProviderStatusObserved read)) {
                return reject(rejected, index, "Not a provider.status-observed");
            }
            observed = read;
        } catch (MalformedEventException e) {
            return reject(rejected, index, e.getMessage());
        }
        if (observed.eventId() == null || observed.occurredAt() == null || isBlank(observed.requestId())) {
            return reject(rejected, index, "provider.status-observed without eventId, occurredAt or requestId");
        }
        boolean implausible = Stream.of(
                        Stream.of(observed.paidAmount(), observed.remainingAmount()),
                        observed.payments().stream().map(ProviderStatusObserved.ObservedPayment::amount),
                        observed.breakdownPayments().stream().map(ProviderStatusObserved.ObservedPayment::amount))
                .flatMap(amounts -> amounts)
                .anyMatch(amount -> amount != null && (amount.signum() < 0 || tooManyDigits(amount)));
        if (implausible) {
            return reject(
                    rejected, index, "provider.status-observed " + observed.eventId() + " has an implausible amount");
        }
        return Optional.of(observed);
    }

    /**
     * A webhook with its body read. Test deliveries are not read further: they are recorded, never applied.
     *
     * @throws MalformedWebhookException when the body cannot be applied as it is
     */
    static Delivery delivery(WebhookReceived webhook) {
        if (webhook.test()) {
            return new Delivery(webhook, null, null, null);
        }
        ProviderWebhook payload = ProviderWebhook.parse(webhook.body());
        PaymentFact fact = ProviderFacts.of(payload, webhook.occurredAt());
        CountedPayments.PaymentKey key = fact instanceof PaymentFact.AboutRequest
                ? new CountedPayments.PaymentKey(payload.requestId(), payload.kind(), payload.paymentRef())
                : null;
        return new Delivery(webhook, payload, fact, key);
    }

    private static <T> Optional<T> reject(List<Rejection> rejected, int index, String reason) {
        rejected.add(new Rejection(index, reason));
        return Optional.empty();
    }

    private static boolean isPlausibleAmount(BigDecimal amount) {
        return amount != null && amount.signum() > 0 && !tooManyDigits(amount);
    }

    /** More than 38 digits before or after the point is not money but a malformed record. */
    private static boolean tooManyDigits(BigDecimal amount) {
        return amount.precision() - amount.scale() > 38 || amount.scale() > 38;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    record Read<T>(int index, T event) {}

    /**
     * A webhook delivery with its body read, the fact it reports and that fact's business key ({@code null} for test
     * deliveries and events without effect on orders).
     */
    record Delivery(
            WebhookReceived webhook, ProviderWebhook payload, PaymentFact fact, CountedPayments.PaymentKey key) {

        String deliveryId() {
            return webhook.deliveryId();
        }

        String requestId() {
            return payload.requestId();
        }

        Inbox.Delivery recorded(Outcome outcome, String orderId, String reason) {
            return new Inbox.Delivery(
                    webhook.deliveryId(),
                    webhook.eventId(),
                    payload != null ? payload.event() : webhook.event(),
                    payload != null ? payload.requestId() : webhook.requestId(),
                    webhook.test(),
                    webhook.occurredAt(),
                    outcome,
                    orderId,
                    reason);
        }
    }
}

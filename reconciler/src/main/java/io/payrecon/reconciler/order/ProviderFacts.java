package io.payrecon.reconciler.order;

import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.reconciler.inbox.MalformedWebhookException;
import io.payrecon.reconciler.inbox.ProviderWebhook;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** What the provider's webhooks and observations mean for orders: the facts they report. */
final class ProviderFacts {

    /** Provider event types about something other than an order's payment (request-network-api.md §4). */
    private static final Set<String> NOT_ABOUT_PAYMENT =
            Set.of("compliance.updated", "payment_detail.updated", "request.recurring");

    /** The request's status in {@code GET /v2/request/{requestId}} once everything it received was given back. */
    private static final String REFUNDED = "refunded";

    /**
     * The {@code status} values of {@code GET /v2/request/{requestId}} the reconciler knows: the sandbox's (the
     * provider documents none). Only {@link #REFUNDED} is acted on; {@code hasBeenPaid} and the amounts decide the
     * rest.
     */
    private static final Set<String> KNOWN_STATUSES = Set.of("pending", "partially_paid", "paid", REFUNDED);

    private ProviderFacts() {}

    /**
     * The fact a webhook reports, by its event type (its variants {@code .client_id} and {@code .checkout} are the
     * core event's).
     *
     * @param receivedAt when the gateway received it: the payment's time when the provider gives none
     * @throws MalformedWebhookException when a payment event lacks what it takes to apply it
     */
    static PaymentFact of(ProviderWebhook payload, Instant receivedAt) {
        String kind = payload.kind();
        if (kind == null) {
            return new PaymentFact.UnknownEvent(payload.event());
        }
        Instant paidAt = payload.timestamp() != null ? payload.timestamp() : receivedAt;
        return switch (kind) {
            case "payment.partial" ->
                new PaymentFact.PaymentPartial(requestId(payload), partialTotal(payload), payload.currency(), paidAt);
            case "payment.confirmed" ->
                new PaymentFact.PaymentConfirmed(
                        requestId(payload), payload.totalAmountPaid(), payload.currency(), paidAt);
            case "payment.failed" -> new PaymentFact.PaymentFailed(requestId(payload), payload.subStatus());
            case "payment.refunded" -> new PaymentFact.PaymentRefunded(requestId(payload), payload.refundAmount());
            case "payment.processing" -> new PaymentFact.PaymentProcessing(payload.event());
            default ->
                NOT_ABOUT_PAYMENT.contains(kind) || kind.startsWith("secure_payment.")
                        ? new PaymentFact.NotAboutPayment(payload.event())
                        : new PaymentFact.UnknownEvent(payload.event());
        };
    }

    /** Why a webhook without effect on orders was kept and not applied. */
    static String whyIgnored(PaymentFact.WithoutPaymentEffect fact) {
        return switch (fact) {
            case PaymentFact.UnknownEvent unknown ->
                unknown.event() == null
                        ? "the body has no event type: kept, no effect"
                        : "unknown event type " + unknown.event() + ": kept, no effect";
            case PaymentFact.PaymentProcessing _, PaymentFact.NotAboutPayment _ ->
                fact.event() + " has no effect on orders: " + fact.reason();
        };
    }

    /**
     * What a poll saw: a snapshot of the request, counted by its total ({@code conversionBreakdown.paidAmount}) or
     * else by its payments' amounts (the breakdown's, else those of the {@code payments[]} items that have one), and
     * when it is paid without either, as paid in full (see {@link Order}). The payment time is the latest the answer
     * tells, or none: the time of the poll is not the time of a payment.
     */
    static PaymentFact.ProviderObserved of(ProviderStatusObserved observed) {
        String currency = observed.payments().stream()
                .map(ProviderStatusObserved.ObservedPayment::currency)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        Instant paidAt = Stream.concat(observed.payments().stream(), observed.breakdownPayments().stream())
                .map(ProviderStatusObserved.ObservedPayment::timestamp)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
        List<BigDecimal> breakdown = amounts(observed.breakdownPayments());
        return new PaymentFact.ProviderObserved(
                observed.requestId(),
                observed.hasBeenPaid(),
                observed.paidAmount(),
                observed.remainingAmount(),
                breakdown.isEmpty() ? amounts(observed.payments()) : breakdown,
                currency,
                paidAt,
                observed.occurredAt(),
                observed.status());
    }

    /**
     * The transactions of a poll's snapshot whose money it counts: all it lists once it tells the request paid or
     * what the request received; otherwise only those of items with an amount. A transaction recorded so makes a
     * later webhook about it a duplicate, so one whose money the snapshot did not count must not be recorded.
     */
    static List<String> transactionsCounted(ProviderStatusObserved observed) {
        boolean all = observed.hasBeenPaid()
                || (observed.paidAmount() != null && observed.paidAmount().signum() > 0);
        return observed.payments().stream()
                .filter(payment -> payment.txHash() != null)
                .filter(payment ->
                        all || (payment.amount() != null && payment.amount().signum() > 0))
                .map(ProviderStatusObserved.ObservedPayment::txHash)
                .distinct()
                .toList();
    }

    /**
     * The refund a poll saw, if any. {@code GET /v2/request/{requestId}} shows no refund amounts (neither
     * request-network-api.md §3 nor the OpenAPI file lists any), only its undocumented {@code status}: {@code refunded}
     * once the request gave back all it received (as the sandbox answers). Such a refund is everything the request
     * received and has not given back yet; a partial refund shows nothing and is known from its webhook only. Nothing
     * depends on a status being there: without one, a poll sees no refund at all.
     */
    static Optional<PaymentFact.PaymentRefunded> refundOf(ProviderStatusObserved observed) {
        return REFUNDED.equalsIgnoreCase(observed.status())
                ? Optional.of(new PaymentFact.PaymentRefunded(observed.requestId(), null))
                : Optional.empty();
    }

    /** What a poll's {@code status} shows that the reconciler cannot interpret: a value it does not know. */
    static Set<UnseenByPolling> unseenIn(ProviderStatusObserved observed) {
        return observed.status() == null
                        || KNOWN_STATUSES.contains(observed.status().strip().toLowerCase(Locale.ROOT))
                ? Set.of()
                : Set.of(UnseenByPolling.UNKNOWN_STATUS);
    }

    private static List<BigDecimal> amounts(List<ProviderStatusObserved.ObservedPayment> payments) {
        return payments.stream()
                .map(ProviderStatusObserved.ObservedPayment::amount)
                .filter(Objects::nonNull)
                .toList();
    }

    private static String requestId(ProviderWebhook payload) {
        if (payload.requestId() == null) {
            throw new MalformedWebhookException(payload.event() + " without requestId (or requestID)");
        }
        return payload.requestId();
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
}

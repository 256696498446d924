package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An order's payment state. Immutable: {@link #apply} answers the next state instead of changing this one.
 *
 * @param requests the order's payment request ids (in the order they were added) with what each received and
 *     refunded; the order's paid amount is their sum, so payments to a renewed link add up with those to the link it
 *     replaced
 * @param linkToken the token of the order's current link: only that link expiring expires the order
 * @param sequence 0 when opened, then one more per change; each change after opening emits the order's status
 *     event with that sequence (1, 2, 3, … with no gaps), the opening emits none
 */
record Order(
        String id,
        PaymentStatus status,
        BigDecimal expectedAmount,
        String currency,
        Map<String, PaymentRequest> requests,
        String linkToken,
        Instant linkExpiresAt,
        Set<OrderFlag> flags,
        long sequence) {

    Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expectedAmount, "expectedAmount");
        requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /**
     * What one of the order's payment requests received and gave back.
     *
     * @param expiresAt when the link the request belongs to expires, or {@code null} when not known
     * @param amount what the request asks for (its link's amount, when the link has this one request), or {@code null}
     *     when not known (a link of several requests, or a request mapped before it was kept)
     */
    record PaymentRequest(BigDecimal paid, BigDecimal refunded, Instant expiresAt, BigDecimal amount) {

        static PaymentRequest unpaid(Instant expiresAt, BigDecimal amount) {
            return new PaymentRequest(BigDecimal.ZERO, BigDecimal.ZERO, expiresAt, amount);
        }

        PaymentRequest withPaid(BigDecimal total) {
            return new PaymentRequest(paid.max(total), refunded, expiresAt, amount);
        }

        /**
         * Counts a refund. A request never gives back more than it received, so once it received something its
         * refunds stop at that ({@code paid}): a full refund seen by a poll (which tells no amount) and its webhook
         * arriving later, or the other way round, count once. A refund reported before the payment it gives back
         * (reordered deliveries) counts in full.
         */
        PaymentRequest withRefund(BigDecimal amount) {
            BigDecimal total = refunded.add(amount);
            if (paid.signum() > 0) {
                total = total.min(paid.max(refunded));
            }
            return new PaymentRequest(paid, total, expiresAt, amount);
        }
    }

    /**
     * A new order awaiting payment, at sequence 0 with no previous status. The opening goes into the order's
     * history but emits no status event: the first one is the first change after it, at sequence 1.
     */
    static Transition.Changed open(
            String id, BigDecimal expectedAmount, String currency, String linkToken, Instant linkExpiresAt) {
        return new Transition.Changed(
                null,
                new Order(
                        id,
                        PaymentStatus.AWAITING_PAYMENT,
                        expectedAmount,
                        currency,
                        Map.of(),
                        linkToken,
                        linkExpiresAt,
                        Set.of(),
                        0));
    }

    BigDecimal paidAmount() {
        return requests.values().stream().map(PaymentRequest::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal refundedAmount() {
        return requests.values().stream().map(PaymentRequest::refunded).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    List<String> requestIds() {
        return List.copyOf(requests.keySet());
    }

    /** As {@link #withLink(String, Instant, Collection, BigDecimal)}, what the requests ask for not known. */
    Order withLink(String token, Instant expiresAt, Collection<String> requestIds) {
        return withLink(token, expiresAt, requestIds, null);
    }

    /**
     * The same order with a new current link, also paid through these request ids (nothing paid on them yet). Not
     * a change of its payment state: the link event that brings it is applied next.
     *
     * @param amount what each of these requests asks for, or {@code null} when not known
     */
    Order withLink(String token, Instant expiresAt, Collection<String> requestIds, BigDecimal amount) {
        Map<String, PaymentRequest> updated = new LinkedHashMap<>(requests);
        requestIds.forEach(requestId -> updated.putIfAbsent(requestId, PaymentRequest.unpaid(expiresAt, amount)));
        return new Order(id, status, expectedAmount, currency, updated, token, expiresAt, flags, sequence);
    }

    /** Applies a fact by the transition table: counts its money, then moves the status and raises flags. */
    Transition apply(PaymentFact fact) {
        if (fact instanceof PaymentFact.LinkExpired expired && !Objects.equals(expired.token(), linkToken)) {
            return new Transition.Unchanged("link " + expired.token() + " is not the order's current link " + linkToken
                    + ": an earlier link expiring changes nothing");
        }
        Map<String, PaymentRequest> counted = count(fact);
        PaymentTransitions.Money money = new PaymentTransitions.Money(
                expectedAmount,
                paidAmount(),
                sum(counted, PaymentRequest::paid),
                refundedAmount(),
                sum(counted, PaymentRequest::refunded),
                paymentsSettlingInFull(fact));
        PaymentTransitions.Decision decision = PaymentTransitions.decide(status, fact, money);
        PaymentStatus target = decision instanceof PaymentTransitions.Decision.MoveTo(var to) ? to : status;
        Set<OrderFlag> raised = EnumSet.noneOf(OrderFlag.class);
        raised.addAll(flags);
        raised.addAll(PaymentTransitions.raisedFlags(status, money, paidAfterLinkExpiry(fact)));
        boolean changed = target != status || money.paidMoved() || money.refundMoved() || !raised.equals(flags);
        if (!changed) {
            return new Transition.Unchanged(
                    decision instanceof PaymentTransitions.Decision.Stay(var reason)
                            ? reason
                            : "the payment was already counted");
        }
        String newCurrency =
                currency == null && fact instanceof PaymentFact.MoneyReport report ? report.currency() : currency;
        return new Transition.Changed(
                status,
                new Order(
                        id,
                        target,
                        expectedAmount,
                        newCurrency,
                        counted,
                        linkToken,
                        linkExpiresAt,
                        raised,
                        sequence + 1));
    }

    /** The order's requests once the fact's money is counted: what it reports received, or refunded. */
    private Map<String, PaymentRequest> count(PaymentFact fact) {
        if (!(fact instanceof PaymentFact.AboutRequest about)) {
            return requests;
        }
        PaymentRequest request = requests.get(about.requestId());
        if (request == null) {
            throw new IllegalArgumentException(
                    "Request " + about.requestId() + " is not one of order " + id + "'s " + requests.keySet());
        }
        PaymentRequest after = switch (about) {
            case PaymentFact.PaymentPartial partial -> request.withPaid(partial.totalPaid());
            case PaymentFact.PaymentConfirmed confirmed ->
                request.withPaid(confirmed.totalPaid() != null ? confirmed.totalPaid() : paidInFull(about.requestId()));
            case PaymentFact.ProviderObserved observed ->
                // paid without a breakdown: paid in full by one payment, of at least what the request asks for
                request.withPaid(
                        observed.hasBeenPaid() && observed.paidAmount() == null
                                ? observed.totalPaid().max(paidInFull(about.requestId()))
                                : observed.totalPaid());
            case PaymentFact.PaymentRefunded refunded ->
                request.withRefund(
                        refunded.refundAmount() != null
                                ? refunded.refundAmount()
                                : request.paid().subtract(request.refunded()).max(BigDecimal.ZERO));
            case PaymentFact.PaymentFailed _ -> request;
        };
        Map<String, PaymentRequest> counted = new LinkedHashMap<>(requests);
        counted.put(about.requestId(), after);
        return counted;
    }

    /**
     * What a poll shows that this order's state cannot account for, before it is applied (see {@link UnseenByPolling};
     * the {@code status} is {@link ProviderFacts}' business). Applying the observation is not affected.
     */
    Set<UnseenByPolling> unseenBy(PaymentFact.ProviderObserved observed) {
        PaymentRequest request = requests.get(observed.requestId());
        if (request == null) {
            throw new IllegalArgumentException(
                    "Request " + observed.requestId() + " is not one of order " + id + "'s " + requests.keySet());
        }
        Set<UnseenByPolling> unseen = EnumSet.noneOf(UnseenByPolling.class);
        // a paid request without a total tells no figure, only that it is paid
        boolean figureTold = !observed.hasBeenPaid() || observed.paidAmount() != null;
        if (figureTold && observed.totalPaid().compareTo(request.paid()) < 0) {
            unseen.add(UnseenByPolling.LESS_THAN_REPORTED);
        }
        if (contradictsItsBreakdown(observed)) {
            unseen.add(UnseenByPolling.INCONSISTENT_BREAKDOWN);
        }
        if (observed.hasBeenPaid()
                && !observed.toldAmount()
                && request.paid().signum() == 0
                && paidInFull(observed.requestId()).signum() == 0) {
            unseen.add(UnseenByPolling.PAID_AMOUNT_UNKNOWN);
        }
        boolean moves = count(observed).get(observed.requestId()).paid().compareTo(request.paid()) > 0;
        if (moves
                && status != PaymentStatus.EXPIRED
                && observed.paidAt() == null
                && request.expiresAt() != null
                && observed.observedAt() != null
                && observed.observedAt().isAfter(request.expiresAt())) {
            unseen.add(UnseenByPolling.PAYMENT_TIME_UNKNOWN);
        }
        return unseen;
    }

    /**
     * Whether the breakdown's remaining amount contradicts {@code hasBeenPaid}, or, for an order of one request (whose
     * amount is the order's), the received and remaining amounts do not add up to it.
     */
    private boolean contradictsItsBreakdown(PaymentFact.ProviderObserved observed) {
        BigDecimal remaining = observed.remainingAmount();
        if (remaining == null) {
            return false;
        }
        if (observed.hasBeenPaid() ? remaining.signum() > 0 : remaining.signum() == 0) {
            return true;
        }
        if (requests.size() != 1 || observed.paidAmount() == null) {
            return false;
        }
        BigDecimal paid = observed.paidAmount();
        return remaining.signum() > 0
                ? paid.add(remaining).compareTo(expectedAmount) != 0
                : paid.compareTo(expectedAmount) < 0;
    }

    /**
     * What a request reported paid in full without an amount received: what it asks for (its link's amount), or, when
     * that is not known, what the order still missed from its other requests. The link's amount does not depend on
     * the order of reports: a payment to another request reported later is not counted twice.
     */
    private BigDecimal paidInFull(String requestId) {
        BigDecimal amount = requests.get(requestId).amount();
        return amount != null ? amount : remainderFor(requestId);
    }

    /** What the order still missed from its other requests. */
    private BigDecimal remainderFor(String requestId) {
        BigDecimal paidElsewhere = paidAmount().subtract(requests.get(requestId).paid());
        return expectedAmount.subtract(paidElsewhere).max(BigDecimal.ZERO);
    }

    private boolean paidAfterLinkExpiry(PaymentFact fact) {
        if (!(fact instanceof PaymentFact.MoneyReport report) || report.paidAt() == null) {
            return false;
        }
        Instant expiresAt = requests.get(report.requestId()).expiresAt();
        return expiresAt != null && report.paidAt().isAfter(expiresAt);
    }

    private int paymentsSettlingInFull(PaymentFact fact) {
        if (!(fact instanceof PaymentFact.ProviderObserved observed)) {
            return 0;
        }
        return (int) observed.payments().stream()
                .filter(amount -> amount.compareTo(expectedAmount) >= 0)
                .count();
    }

    private static BigDecimal sum(Map<String, PaymentRequest> requests, Function<PaymentRequest, BigDecimal> amount) {
        return requests.values().stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

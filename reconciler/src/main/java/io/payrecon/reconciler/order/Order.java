package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An order's payment state. Immutable: {@link #apply} answers the next state instead of changing this one.
 *
 * @param paidByRequest for each of the order's payment request ids (in the order they were added), the highest
 *     total the provider reported paid for it; the order's paid amount is their sum, so payments to a renewed link
 *     add up with those to the link it replaced
 * @param sequence 0 when opened, then one more per change; each change after opening emits the order's status
 *     event with that sequence (1, 2, 3, … with no gaps), the opening emits none
 */
record Order(
        String id,
        PaymentStatus status,
        BigDecimal expectedAmount,
        String currency,
        Map<String, BigDecimal> paidByRequest,
        Set<OrderFlag> flags,
        long sequence) {

    Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expectedAmount, "expectedAmount");
        paidByRequest = Collections.unmodifiableMap(new LinkedHashMap<>(paidByRequest));
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /**
     * A new order awaiting payment, at sequence 0 with no previous status. The opening goes into the order's
     * history but emits no status event: the first one is the first change after it, at sequence 1.
     */
    static Transition.Changed open(String id, BigDecimal expectedAmount, String currency) {
        return new Transition.Changed(
                null, new Order(id, PaymentStatus.AWAITING_PAYMENT, expectedAmount, currency, Map.of(), Set.of(), 0));
    }

    BigDecimal paidAmount() {
        return paidByRequest.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    List<String> requestIds() {
        return List.copyOf(paidByRequest.keySet());
    }

    /** The same order, also paid through these request ids (nothing paid on them yet). Not a status change. */
    Order withRequestIds(Collection<String> requestIds) {
        Map<String, BigDecimal> paid = new LinkedHashMap<>(paidByRequest);
        requestIds.forEach(requestId -> paid.putIfAbsent(requestId, BigDecimal.ZERO));
        return new Order(id, status, expectedAmount, currency, paid, flags, sequence);
    }

    /** Applies what the provider reported for one of this order's request ids, by the transition table. */
    Transition apply(String requestId, PaymentFact fact) {
        PaymentTransitions.Rule rule = PaymentTransitions.rule(status, fact.input());
        BigDecimal paidBefore = paidByRequest.getOrDefault(requestId, BigDecimal.ZERO);
        BigDecimal paidAfter = rule.countsMoney() ? paidBefore.max(reportedTotal(requestId, fact)) : paidBefore;
        boolean moneyMoved = paidAfter.compareTo(paidBefore) > 0;
        PaymentStatus target = rule.target() != null ? rule.target() : status;
        if (target == status && !moneyMoved) {
            return new Transition.Unchanged(rule.reasonWhenUnchanged());
        }
        Map<String, BigDecimal> paid = new LinkedHashMap<>(paidByRequest);
        paid.put(requestId, paidAfter);
        String newCurrency = currency != null ? currency : fact.currency();
        return new Transition.Changed(
                status, new Order(id, target, expectedAmount, newCurrency, paid, flags, sequence + 1));
    }

    /** What the fact says the request has received in total; a confirmation without amounts pays the remainder. */
    private BigDecimal reportedTotal(String requestId, PaymentFact fact) {
        if (fact instanceof PaymentFact.PaymentPartial partial) {
            return partial.totalPaid();
        }
        if (fact instanceof PaymentFact.PaymentConfirmed confirmed) {
            if (confirmed.totalPaid() != null) {
                return confirmed.totalPaid();
            }
            BigDecimal paidElsewhere = paidAmount().subtract(paidByRequest.getOrDefault(requestId, BigDecimal.ZERO));
            return expectedAmount.subtract(paidElsewhere);
        }
        return BigDecimal.ZERO;
    }
}

package io.payrecon.reconciler.order;

import static io.payrecon.events.PaymentStatus.AWAITING_PAYMENT;
import static io.payrecon.events.PaymentStatus.EXPIRED;
import static io.payrecon.events.PaymentStatus.PAID;
import static io.payrecon.events.PaymentStatus.PARTIALLY_PAID;
import static io.payrecon.events.PaymentStatus.PAYMENT_FAILED;
import static io.payrecon.events.PaymentStatus.REFUNDED;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The transition table: for every status and every input, the status an order moves to, or why it stays; and the
 * flags an operator must see. This is the only place that decides either. Its columns are the kinds of
 * {@link PaymentFact} (a provider observation is three, by what the provider saw) and the switches over facts and
 * statuses are exhaustive, so a new status or kind of fact does not compile until each of its cells is decided here.
 *
 * <p>Money is not decided here: it is a fact. {@link Order} counts what the provider reports (per request id, the
 * highest total reported; refunds added up) in every status, then asks this table what the order's status is.
 * Invariants that follow:
 *
 * <ul>
 *   <li>{@code PAID} never goes back, except to {@code REFUNDED}. Late, duplicated or reordered facts do not
 *       regress an order: no cell moves back to {@code AWAITING_PAYMENT} except a renewal of an expired or failed
 *       order, and no cell leaves {@code REFUNDED}.
 *   <li>The paid amount never decreases, and one payment counts once however often it is reported.
 *   <li>A failed attempt never undoes money received.
 * </ul>
 *
 * <p>Decisions (with the provider's semantics, request-network-api.md §4):
 *
 * <ul>
 *   <li>Expiry: an awaiting or failed order whose current link expires is {@code EXPIRED}. A partly paid order does
 *       not expire: it stays {@code PARTIALLY_PAID} and its renewed link asks for the rest. A renewal brings an
 *       expired or failed order back to {@code AWAITING_PAYMENT}.
 *   <li>Partial payments: {@code PARTIALLY_PAID}, or {@code PAID} once the order's requests together received what
 *       it expects (a renewed link asks only for the rest, so the last partial may complete the order).
 *   <li>Refunds ({@code refundAmount}, else everything received): {@code REFUNDED}, unless the order is paid and
 *       what remains after the refund still covers the expected amount (the excess of an overpayment was given
 *       back): then it stays {@code PAID}. A partly paid order that is refunded is {@code REFUNDED}. A refund that
 *       arrives before the payment it refunds (reordered deliveries) makes the order {@code REFUNDED} at once; the
 *       late payment is still counted, but does not reopen it.
 * </ul>
 */
final class PaymentTransitions {

    private PaymentTransitions() {}

    /** A cell of the table: the order moves to another status, or stays in its own and says why. */
    sealed interface Decision {

        record MoveTo(PaymentStatus target) implements Decision {}

        record Stay(String reason) implements Decision {}
    }

    /**
     * The order's amounts around one fact: before and after its money was counted.
     *
     * @param paymentsSettlingInFull how many of the payments the fact reports each paid at least the expected
     *     amount (a provider observation lists them all; webhooks report one at a time)
     */
    record Money(
            BigDecimal expected,
            BigDecimal paidBefore,
            BigDecimal paidAfter,
            BigDecimal refundedBefore,
            BigDecimal refundedAfter,
            int paymentsSettlingInFull) {

        boolean paidMoved() {
            return paidAfter.compareTo(paidBefore) > 0;
        }

        boolean refundMoved() {
            return refundedAfter.compareTo(refundedBefore) > 0;
        }

        /** Whether what the order received covers what it expects. */
        boolean covered() {
            return paidAfter.compareTo(expected) >= 0;
        }

        /** Whether what the order keeps after refunds still covers what it expects. */
        boolean coveredAfterRefunds() {
            return paidAfter.subtract(refundedAfter).compareTo(expected) >= 0;
        }
    }

    static Decision decide(PaymentStatus status, PaymentFact fact, Money money) {
        return switch (fact) {
            case PaymentFact.LinkCreated _ -> stay("the order already exists: the link's request ids are added to it");
            case PaymentFact.LinkRenewed _ ->
                switch (status) {
                    case AWAITING_PAYMENT -> stay("the order awaits payment on its renewed link");
                    case PARTIALLY_PAID -> stay("the order stays partly paid: its renewed link asks for the rest");
                    case PAYMENT_FAILED, EXPIRED -> moveTo(AWAITING_PAYMENT);
                    case PAID -> stay("the order is already paid; payments to the renewed link still count");
                    case REFUNDED -> stay("the order was refunded; a renewed link does not reopen it");
                };
            case PaymentFact.LinkExpired _ ->
                switch (status) {
                    case AWAITING_PAYMENT, PAYMENT_FAILED -> moveTo(EXPIRED);
                    case PARTIALLY_PAID ->
                        stay("a partly paid order does not expire: its renewed link will ask for the rest");
                    case EXPIRED -> stay("the order has already expired");
                    case PAID -> stay("the order is paid; its link expiring changes nothing");
                    case REFUNDED -> stay("the order was refunded; its link expiring changes nothing");
                };
            case PaymentFact.PaymentPartial _ -> partlyPaid(status, money);
            case PaymentFact.PaymentConfirmed _ -> paid(status);
            case PaymentFact.ProviderObserved observed when observed.hasBeenPaid() -> paid(status);
            case PaymentFact.ProviderObserved observed
            when observed.totalPaid().signum() > 0 -> partlyPaid(status, money);
            case PaymentFact.ProviderObserved _ -> stay("the provider has seen no payment for the request yet");
            case PaymentFact.PaymentFailed _ ->
                switch (status) {
                    case AWAITING_PAYMENT -> moveTo(PAYMENT_FAILED);
                    case PARTIALLY_PAID -> stay("a failed attempt does not undo money already received");
                    case PAYMENT_FAILED -> stay("the payment has already failed");
                    case PAID -> stay("a failed attempt does not undo a payment");
                    case EXPIRED -> stay("the link has expired; a failed attempt changes nothing");
                    case REFUNDED -> stay("the order was refunded; a failed attempt changes nothing");
                };
            case PaymentFact.PaymentRefunded _ ->
                switch (status) {
                    // nothing counted yet: the payment's report is late, the refund says money came and went
                    case AWAITING_PAYMENT, PAYMENT_FAILED, EXPIRED -> moveTo(REFUNDED);
                    case PARTIALLY_PAID -> moveTo(REFUNDED);
                    case PAID ->
                        money.coveredAfterRefunds()
                                ? stay("only what exceeded the expected amount was refunded: the order stays paid")
                                : moveTo(REFUNDED);
                    case REFUNDED -> stay("the order is already refunded");
                };
            case PaymentFact.WithoutPaymentEffect without -> stay(without.reason());
        };
    }

    /** A report of part of the money (a partial payment, or a poll that saw some): by amount, unless paid or over. */
    private static Decision partlyPaid(PaymentStatus status, Money money) {
        return switch (status) {
            case AWAITING_PAYMENT, PARTIALLY_PAID, PAYMENT_FAILED, EXPIRED -> byAmount(money);
            case PAID -> stay("the order is already paid: a partial report never takes it back");
            case REFUNDED -> stay("the order was refunded: later payment reports do not reopen it");
        };
    }

    /** A report that the request is paid (a confirmation, or a poll's {@code hasBeenPaid}). */
    private static Decision paid(PaymentStatus status) {
        return switch (status) {
            case AWAITING_PAYMENT, PARTIALLY_PAID, PAYMENT_FAILED, EXPIRED -> moveTo(PAID);
            case PAID -> stay("the order is already paid");
            case REFUNDED -> stay("the order was refunded: later payment reports do not reopen it");
        };
    }

    /**
     * The flags a fact raises; flags are never cleared, an operator must see them.
     *
     * <ul>
     *   <li>{@code overpaid}: the order received more than it expects.
     *   <li>{@code paidAfterExpiry}: money arrived for an expired order, or was paid after the expiry of the link it
     *       was paid to (a payment to an old link after its renewal, for instance).
     *   <li>{@code duplicatePayment}: money arrived for an order already paid and covered (a second payment, since
     *       one payment counts once and a late report of money already counted moves nothing; an order the provider
     *       said paid before its earlier part was reported receives that part late), or for a refunded order beyond
     *       what was refunded, or one observation lists two payments that each paid the order in full.
     * </ul>
     *
     * @param status the order's status before the fact
     * @param paidAfterLinkExpiry whether the fact's money was paid after its link's expiry
     */
    static Set<OrderFlag> raisedFlags(PaymentStatus status, Money money, boolean paidAfterLinkExpiry) {
        Set<OrderFlag> flags = EnumSet.noneOf(OrderFlag.class);
        if (money.paidAfter().compareTo(money.expected()) > 0) {
            flags.add(OrderFlag.OVERPAID);
        }
        if (money.paidMoved() && (status == EXPIRED || paidAfterLinkExpiry)) {
            flags.add(OrderFlag.PAID_AFTER_EXPIRY);
        }
        // a paid order that was not covered yet (paid by the provider's word, hasBeenPaid or a confirmation, before
        // the report of an earlier part arrived) receives that part late, not a second payment
        boolean paidTwice = (status == PAID && money.paidBefore().compareTo(money.expected()) >= 0)
                || (status == REFUNDED && money.paidAfter().compareTo(money.refundedAfter()) > 0);
        if ((money.paidMoved() && paidTwice) || money.paymentsSettlingInFull() >= 2) {
            flags.add(OrderFlag.DUPLICATE_PAYMENT);
        }
        return flags;
    }

    /** Partly paid, or paid once the order's requests together received what it expects. */
    private static Decision byAmount(Money money) {
        if (!money.paidMoved()) {
            return stay("this payment's total was already counted");
        }
        return moveTo(money.covered() ? PAID : PARTIALLY_PAID);
    }

    private static Decision moveTo(PaymentStatus target) {
        return new Decision.MoveTo(target);
    }

    private static Decision stay(String reason) {
        return new Decision.Stay(reason);
    }
}

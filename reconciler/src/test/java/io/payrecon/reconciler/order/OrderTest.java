package io.payrecon.reconciler.order;

import static io.payrecon.events.PaymentStatus.AWAITING_PAYMENT;
import static io.payrecon.events.PaymentStatus.EXPIRED;
import static io.payrecon.events.PaymentStatus.PAID;
import static io.payrecon.events.PaymentStatus.PARTIALLY_PAID;
import static io.payrecon.events.PaymentStatus.PAYMENT_FAILED;
import static io.payrecon.events.PaymentStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order state machine: given a state, when facts arrive, then the next state. Plain Java, no Spring. */
class OrderTest {

    private static final String ORDER = "order-1001";
    private static final String REQUEST = "req-a";
    private static final String RENEWED_REQUEST = "req-b";
    private static final Instant CREATED = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant EXPIRES = CREATED.plus(Duration.ofDays(7));
    private static final Instant BEFORE_EXPIRY = CREATED.plus(Duration.ofHours(2));
    private static final Instant AFTER_EXPIRY = EXPIRES.plus(Duration.ofHours(2));

    @Test
    void openingAnOrderAwaitsPaymentAtSequenceZeroWithNoPreviousStatus() {
        Transition.Changed opened = Order.open(ORDER, amount("100.00"), "USDC", "tok-1", EXPIRES);

        assertThat(opened.opened()).isTrue();
        assertThat(opened.order().status()).isEqualTo(AWAITING_PAYMENT);
        assertThat(opened.order().sequence()).isZero();
        assertThat(opened.order().paidAmount()).isEqualByComparingTo("0");
        assertThat(opened.order().flags()).isEmpty();
    }

    @Test
    void confirmedPaymentPaysAnAwaitingOrderAsTheFirstChangeAfterOpening() {
        Transition.Changed paid = (Transition.Changed) awaiting().apply(confirmed("100.0"));

        assertThat(paid.opened()).isFalse();
        assertThat(paid.previousStatus()).isEqualTo(AWAITING_PAYMENT);
        assertThat(paid.order().status()).isEqualTo(PAID);
        assertThat(paid.order().paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.order().sequence()).isEqualTo(1);
        assertThat(paid.order().flags()).isEmpty();
    }

    @Test
    void confirmationWithoutAmountsPaysTheRemainder() {
        Order partlyPaid = changed(awaiting().apply(partial("30")));

        Order paid = changed(partlyPaid.apply(new PaymentFact.PaymentConfirmed(REQUEST, null, null, BEFORE_EXPIRY)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
    }

    @Test
    void laterPartialPaymentRaisesThePaidAmountWithinTheSameStatus() {
        Order first = changed(awaiting().apply(partial("30")));

        Transition.Changed second = (Transition.Changed) first.apply(partial("70"));

        assertThat(second.previousStatus()).isEqualTo(PARTIALLY_PAID);
        assertThat(second.order().status()).isEqualTo(PARTIALLY_PAID);
        assertThat(second.order().paidAmount()).isEqualByComparingTo("70");
        assertThat(second.order().sequence()).isEqualTo(first.sequence() + 1);
    }

    @Test
    void partialPaymentsThatTogetherCoverTheOrderPayIt() {
        Order partlyPaid = changed(awaiting().apply(partial("40")));
        Order renewed = partlyPaid.withLink("tok-2", EXPIRES.plus(Duration.ofDays(7)), List.of(RENEWED_REQUEST));

        Order paid = changed(
                renewed.apply(new PaymentFact.PaymentPartial(RENEWED_REQUEST, amount("60"), "USDC", BEFORE_EXPIRY)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
    }

    @Test
    void lateSmallerPartialTotalNeverLowersThePaidAmount() {
        Order order = changed(awaiting().apply(partial("70")));

        assertThat(order.apply(partial("30"))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void latePartialReportAfterPaidChangesNothingAndRaisesNoFlag() {
        Order paid = changed(awaiting().apply(confirmed("100")));

        assertThat(unchangedReason(paid.apply(partial("50")))).contains("already paid");
    }

    @Test
    void failureAfterPartialPaymentDoesNotUndoMoneyAlreadyReceived() {
        Order order = changed(awaiting().apply(partial("50")));

        assertThat(unchangedReason(order.apply(failed()))).contains("does not undo money");
    }

    @Test
    void paymentAfterAFailedAttemptStillPaysTheOrder() {
        Order failed = changed(awaiting().apply(failed()));

        Transition.Changed paid = (Transition.Changed) failed.apply(confirmed("100"));

        assertThat(failed.status()).isEqualTo(PAYMENT_FAILED);
        assertThat(paid.previousStatus()).isEqualTo(PAYMENT_FAILED);
        assertThat(paid.order().status()).isEqualTo(PAID);
    }

    @Test
    void overpaymentPaysTheOrderAndRaisesOverpaid() {
        Order paid = changed(awaiting().apply(confirmed("150")));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("150");
        assertThat(paid.flags()).containsExactly(OrderFlag.OVERPAID);
    }

    @Test
    void secondPaymentOfAPaidOrderRaisesDuplicatePaymentAndOverpaid() {
        Order paid = changed(awaiting().apply(confirmed("100")));
        Order renewed = paid.withLink("tok-2", EXPIRES.plus(Duration.ofDays(7)), List.of(RENEWED_REQUEST));

        Order twice = changed(
                renewed.apply(new PaymentFact.PaymentConfirmed(RENEWED_REQUEST, amount("100"), "USDC", BEFORE_EXPIRY)));

        assertThat(twice.status()).isEqualTo(PAID);
        assertThat(twice.paidAmount()).isEqualByComparingTo("200");
        assertThat(twice.flags()).containsExactlyInAnyOrder(OrderFlag.DUPLICATE_PAYMENT, OrderFlag.OVERPAID);
    }

    @Test
    void observationListingTwoPaymentsThatEachPaidInFullRaisesDuplicatePayment() {
        Order paid = changed(
                awaiting().apply(observed(true, amount("200"), List.of(amount("100"), amount("100")), BEFORE_EXPIRY)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.flags()).containsExactlyInAnyOrder(OrderFlag.DUPLICATE_PAYMENT, OrderFlag.OVERPAID);
    }

    @Test
    void paymentToAnOldLinkAfterItsRenewalCountsAndRaisesPaidAfterExpiry() {
        Order expired = changed(awaiting().apply(new PaymentFact.LinkExpired("tok-1")));
        Order renewed =
                changed(expired.withLink("tok-2", AFTER_EXPIRY.plus(Duration.ofDays(7)), List.of(RENEWED_REQUEST))
                        .apply(new PaymentFact.LinkRenewed("tok-2")));

        Order paid =
                changed(renewed.apply(new PaymentFact.PaymentConfirmed(REQUEST, amount("100"), "USDC", AFTER_EXPIRY)));

        assertThat(expired.status()).isEqualTo(EXPIRED);
        assertThat(renewed.status()).isEqualTo(AWAITING_PAYMENT);
        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.flags()).containsExactly(OrderFlag.PAID_AFTER_EXPIRY);
    }

    @Test
    void paymentMadeBeforeExpiryButReportedAfterItRaisesNoFlagWhileTheOrderIsOpen() {
        Order paid = changed(
                awaiting().apply(new PaymentFact.PaymentConfirmed(REQUEST, amount("100"), "USDC", BEFORE_EXPIRY)));

        assertThat(paid.flags()).isEmpty();
    }

    @Test
    void partlyPaidOrderDoesNotExpireAndItsRenewalAsksForTheRest() {
        Order partlyPaid = changed(awaiting().apply(partial("40")));

        assertThat(unchangedReason(partlyPaid.apply(new PaymentFact.LinkExpired("tok-1"))))
                .contains("partly paid order does not expire");
        assertThat(unchangedReason(partlyPaid
                        .withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST))
                        .apply(new PaymentFact.LinkRenewed("tok-2"))))
                .contains("asks for the rest");
    }

    @Test
    void earlierLinkExpiringDoesNotExpireTheOrderOfItsRenewal() {
        Order renewed = awaiting().withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST));

        assertThat(unchangedReason(renewed.apply(new PaymentFact.LinkExpired("tok-1"))))
                .contains("not the order's current link");
    }

    @Test
    void refundOfAPaidOrderRefundsIt() {
        Order paid = changed(awaiting().apply(confirmed("100")));

        Order refunded = changed(paid.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("100"))));

        assertThat(refunded.status()).isEqualTo(REFUNDED);
        assertThat(refunded.paidAmount()).isEqualByComparingTo("100");
        assertThat(refunded.refundedAmount()).isEqualByComparingTo("100");
    }

    @Test
    void refundOfTheExcessOfAnOverpaymentKeepsTheOrderPaid() {
        Order overpaid = changed(awaiting().apply(confirmed("150")));

        Transition.Changed refund =
                (Transition.Changed) overpaid.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("50")));

        assertThat(refund.order().status()).isEqualTo(PAID);
        assertThat(refund.order().refundedAmount()).isEqualByComparingTo("50");
        assertThat(refund.order().flags()).contains(OrderFlag.OVERPAID);
    }

    @Test
    void partialRefundOfAPaidOrderRefundsIt() {
        Order paid = changed(awaiting().apply(confirmed("100")));

        assertThat(changed(paid.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("30"))))
                        .status())
                .isEqualTo(REFUNDED);
    }

    @Test
    void fullRefundSeenByAPollAndItsLateWebhookCountOnce() {
        Order paid = changed(awaiting().apply(confirmed("100")));
        Order observedRefunded = changed(paid.apply(new PaymentFact.PaymentRefunded(REQUEST, null)));

        Transition late = observedRefunded.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("100")));

        assertThat(observedRefunded.refundedAmount()).isEqualByComparingTo("100");
        assertThat(late).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void refundsNeverExceedWhatTheRequestReceivedOnceItReceivedSomething() {
        Order paid = changed(awaiting().apply(confirmed("100")));
        Order partlyRefunded = changed(paid.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("70"))));

        Order refunded = changed(partlyRefunded.apply(new PaymentFact.PaymentRefunded(REQUEST, amount("70"))));

        assertThat(partlyRefunded.refundedAmount()).isEqualByComparingTo("70");
        assertThat(refunded.refundedAmount()).isEqualByComparingTo("100");
    }

    @Test
    void refundReportedBeforeItsPaymentRefundsTheOrderAndTheLatePaymentDoesNotReopenIt() {
        Order refunded = changed(awaiting().apply(new PaymentFact.PaymentRefunded(REQUEST, amount("100"))));

        Order late = changed(refunded.apply(confirmed("100")));

        assertThat(refunded.status()).isEqualTo(REFUNDED);
        assertThat(late.status()).isEqualTo(REFUNDED);
        assertThat(late.paidAmount()).isEqualByComparingTo("100");
        assertThat(late.flags()).isEmpty();
    }

    @Test
    void paymentAfterAFullRefundIsADuplicatePaymentAndDoesNotReopenTheOrder() {
        Order refunded = changed(changed(awaiting().apply(confirmed("100")))
                .apply(new PaymentFact.PaymentRefunded(REQUEST, amount("100"))));
        Order renewed = refunded.withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST));

        Order paidAgain = changed(
                renewed.apply(new PaymentFact.PaymentConfirmed(RENEWED_REQUEST, amount("100"), "USDC", BEFORE_EXPIRY)));

        assertThat(paidAgain.status()).isEqualTo(REFUNDED);
        assertThat(paidAgain.flags()).contains(OrderFlag.DUPLICATE_PAYMENT);
    }

    @Test
    void observationOfMoneyAlreadyReportedByWebhooksChangesNothing() {
        Order paid = changed(awaiting().apply(confirmed("100")));

        assertThat(paid.apply(observed(true, amount("100"), List.of(amount("100")), BEFORE_EXPIRY)))
                .isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void observationThatTheRequestIsPaidWithoutAmountsPaysTheRemainder() {
        Order paid = changed(awaiting().apply(observed(true, null, List.of(), null)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
    }

    @Test
    void pollOfAPartlyPaidRequestMakesTheOrderPartlyPaidWithItsBreakdownsTotal() {
        PaymentFact.ProviderObserved partly = breakdown(REQUEST, false, "40", "60");

        assertThat(awaiting().unseenBy(partly)).isEmpty();
        Order order = changed(awaiting().apply(partly));

        assertThat(order.status()).isEqualTo(PARTIALLY_PAID);
        assertThat(order.paidAmount()).isEqualByComparingTo("40");
        assertThat(order.apply(partly)).as("the same snapshot again").isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void webhookOfTheTotalAPollAlreadySawChangesNothingAndTheOtherWayRound() {
        Order polled = changed(awaiting().apply(breakdown(REQUEST, false, "40", "60")));
        Order reported = changed(awaiting().apply(partial("40")));

        assertThat(polled.apply(partial("40"))).isInstanceOf(Transition.Unchanged.class);
        assertThat(reported.apply(breakdown(REQUEST, false, "40", "60"))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void pollOfARenewedRequestPaidByOnePaymentWithoutBreakdownCountsWhatItsLinkAskedFor() {
        Order partlyPaid = changed(awaiting().apply(partial("40")));
        Order renewed = partlyPaid.withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST), amount("60"));

        Order paid = changed(renewed.apply(paidWithoutBreakdown(RENEWED_REQUEST)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.flags()).isEmpty();
    }

    @Test
    void pollSeenBeforeTheReportOfAnEarlierPartCountsEachPaymentOnceWithoutAFalseDuplicate() {
        Order renewed = awaiting().withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST), amount("60"));

        Order paidByThePoll = changed(renewed.apply(paidWithoutBreakdown(RENEWED_REQUEST)));
        Order withTheEarlierPart = changed(paidByThePoll.apply(partial("40")));

        assertThat(paidByThePoll.status()).isEqualTo(PAID);
        assertThat(paidByThePoll.paidAmount()).isEqualByComparingTo("60");
        assertThat(withTheEarlierPart.status()).isEqualTo(PAID);
        assertThat(withTheEarlierPart.paidAmount()).isEqualByComparingTo("100");
        assertThat(withTheEarlierPart.flags()).isEmpty();
        assertThat(withTheEarlierPart.apply(paidWithoutBreakdown(RENEWED_REQUEST)))
                .isInstanceOf(Transition.Unchanged.class);
        assertThat(withTheEarlierPart.apply(partial("40"))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void pollThatShowsLessThanAWebhookReportedTakesNothingBackAndSaysItCannotSeeWhy() {
        Order reported = changed(awaiting().apply(partial("60")));
        PaymentFact.ProviderObserved less = breakdown(REQUEST, false, "40", "60");

        assertThat(reported.unseenBy(less)).containsExactly(UnseenByPolling.LESS_THAN_REPORTED);
        assertThat(reported.apply(less)).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void paidWithoutBreakdownIsNoFigureSoNotLessThanAnOverpaymentReported() {
        Order overpaid = changed(awaiting().apply(confirmed("120")));

        assertThat(overpaid.unseenBy(paidWithoutBreakdown(REQUEST))).isEmpty();
        assertThat(overpaid.apply(paidWithoutBreakdown(REQUEST))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void breakdownThatContradictsHasBeenPaidOrTheOrdersAmountIsSurfacedAndHasBeenPaidDecides() {
        PaymentFact.ProviderObserved paidWithSomethingLeft = breakdown(REQUEST, true, "90", "10");
        PaymentFact.ProviderObserved notAddingUp = breakdown(REQUEST, false, "40", "50");

        assertThat(awaiting().unseenBy(paidWithSomethingLeft)).containsExactly(UnseenByPolling.INCONSISTENT_BREAKDOWN);
        assertThat(changed(awaiting().apply(paidWithSomethingLeft)).status()).isEqualTo(PAID);
        assertThat(awaiting().unseenBy(notAddingUp)).containsExactly(UnseenByPolling.INCONSISTENT_BREAKDOWN);
        assertThat(awaiting().unseenBy(breakdown(REQUEST, true, "100", "0"))).isEmpty();
        assertThat(awaiting().unseenBy(breakdown(REQUEST, true, "120", "0")))
                .as("overpaid")
                .isEmpty();
    }

    @Test
    void requestPaidInFullWhileTheOrderWasCoveredAlreadyHasAnAmountPollingCannotSee() {
        Order paid = changed(awaiting().apply(confirmed("100")));
        Order renewed = paid.withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST));

        assertThat(renewed.unseenBy(paidWithoutBreakdown(RENEWED_REQUEST)))
                .containsExactly(UnseenByPolling.PAID_AMOUNT_UNKNOWN);
        assertThat(renewed.apply(paidWithoutBreakdown(RENEWED_REQUEST))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void moneyAPollSeesAfterTheLinkExpiredWithoutATimeRaisesNoPaidAfterExpiryButIsSurfaced() {
        PaymentFact.ProviderObserved late =
                new PaymentFact.ProviderObserved(REQUEST, true, null, null, List.of(), null, null, AFTER_EXPIRY, null);

        assertThat(awaiting().unseenBy(late)).containsExactly(UnseenByPolling.PAYMENT_TIME_UNKNOWN);
        Order paid = changed(awaiting().apply(late));
        assertThat(paid.flags()).isEmpty();
        Order expired = changed(awaiting().apply(new PaymentFact.LinkExpired("tok-1")));
        assertThat(expired.unseenBy(late))
                .as("an expired order is flagged anyway")
                .isEmpty();
        assertThat(changed(expired.apply(late)).flags()).containsExactly(OrderFlag.PAID_AFTER_EXPIRY);
    }

    @Test
    void paymentsToARenewedLinkAddUpWithThoseToTheLinkItReplaced() {
        Order partlyPaid = changed(awaiting().apply(partial("40")));
        Order renewed = partlyPaid.withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST));

        Order paid = changed(
                renewed.apply(new PaymentFact.PaymentConfirmed(RENEWED_REQUEST, amount("60"), "USDC", BEFORE_EXPIRY)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.requestIds()).containsExactly(REQUEST, RENEWED_REQUEST);
    }

    @Test
    void paymentTakesTheReportedCurrencyWhenTheLinkHadNone() {
        Order order = changed(Order.open(ORDER, amount("100"), null, "tok-1", EXPIRES)
                .order()
                .withLink("tok-1", EXPIRES, List.of(REQUEST))
                .apply(confirmed("100")));

        assertThat(order.currency()).isEqualTo("USDC");
    }

    @Test
    void factAboutARequestOfAnotherOrderIsRefused() {
        assertThatThrownBy(() -> awaiting().apply(new PaymentFact.PaymentFailed("req-other", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("req-other");
    }

    /**
     * Thousands of random sequences of facts, reordered and repeated: the invariants of architecture §3 hold after
     * every step. Seeded, so a failure can be replayed.
     */
    @Test
    void randomSequencesOfFactsNeverRegressPaidNorLowerThePaidAmount() {
        Random random = new Random(20261001);
        for (int run = 0; run < 2_000; run++) {
            Order order = awaiting().withLink("tok-2", AFTER_EXPIRY, List.of(RENEWED_REQUEST));
            List<PaymentFact> facts = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                facts.add(randomFact(random));
            }
            for (PaymentFact fact : facts) {
                PaymentStatus before = order.status();
                BigDecimal paidBefore = order.paidAmount();
                Transition transition = order.apply(fact);
                if (transition instanceof Transition.Changed changed) {
                    Order after = changed.order();
                    assertThat(after.paidAmount())
                            .as("%s after %s", fact, facts)
                            .isGreaterThanOrEqualTo(paidBefore);
                    assertThat(after.flags()).containsAll(order.flags());
                    assertThat(after.sequence()).isEqualTo(order.sequence() + 1);
                    if (before == PAID) {
                        assertThat(after.status())
                                .as("%s after %s", fact, facts)
                                .isIn(PAID, REFUNDED);
                    }
                    if (before == REFUNDED) {
                        assertThat(after.status()).isEqualTo(REFUNDED);
                    }
                    if (fact instanceof PaymentFact.PaymentFailed) {
                        assertThat(after.paidAmount()).isEqualByComparingTo(paidBefore);
                    }
                    order = after;
                }
                assertThat(order.apply(fact))
                        .as("applying %s again changes nothing", fact)
                        .satisfiesAnyOf(
                                again -> assertThat(again).isInstanceOf(Transition.Unchanged.class),
                                again -> assertThat(fact).isInstanceOf(PaymentFact.PaymentRefunded.class));
            }
        }
    }

    private static PaymentFact randomFact(Random random) {
        String request = random.nextBoolean() ? REQUEST : RENEWED_REQUEST;
        BigDecimal total = amount(Integer.toString(10 * (1 + random.nextInt(15))));
        Instant at = random.nextBoolean() ? BEFORE_EXPIRY : AFTER_EXPIRY;
        return switch (random.nextInt(9)) {
            case 0 -> new PaymentFact.PaymentPartial(request, total, "USDC", at);
            case 1 -> new PaymentFact.PaymentConfirmed(request, random.nextBoolean() ? total : null, "USDC", at);
            case 2 -> new PaymentFact.PaymentFailed(request, "insufficient_funds");
            case 3 -> new PaymentFact.PaymentRefunded(request, random.nextBoolean() ? total : null);
            case 4 -> new PaymentFact.LinkExpired(random.nextBoolean() ? "tok-1" : "tok-2");
            case 5 -> new PaymentFact.LinkRenewed("tok-2");
            case 6 -> randomObservation(random, request, total, at);
            case 7 -> new PaymentFact.LinkCreated("tok-2");
            default -> new PaymentFact.UnknownEvent("payment.teleported");
        };
    }

    /** A poll's snapshot in each of the documented shapes: with a breakdown, paid without one, or unpaid. */
    private static PaymentFact randomObservation(Random random, String request, BigDecimal total, Instant at) {
        return switch (random.nextInt(4)) {
            case 0 ->
                new PaymentFact.ProviderObserved(
                        request, random.nextBoolean(), total, null, List.of(total), "USDC", at, at, null);
            case 1 ->
                new PaymentFact.ProviderObserved(
                        request, true, null, null, List.of(), null, null, AFTER_EXPIRY, "paid");
            case 2 ->
                new PaymentFact.ProviderObserved(
                        request, false, total, amount("20"), List.of(total), null, at, at, "partially_paid");
            default ->
                new PaymentFact.ProviderObserved(request, false, null, null, List.of(), null, null, at, "pending");
        };
    }

    /** A poll's snapshot with a conversionBreakdown: received and remaining. */
    private static PaymentFact.ProviderObserved breakdown(
            String request, boolean hasBeenPaid, String paid, String remaining) {
        return new PaymentFact.ProviderObserved(
                request,
                hasBeenPaid,
                amount(paid),
                amount(remaining),
                List.of(amount(paid)),
                null,
                BEFORE_EXPIRY,
                BEFORE_EXPIRY,
                hasBeenPaid ? "paid" : "partially_paid");
    }

    /** A poll's snapshot of a request paid in full by one payment: no breakdown, no amount. */
    private static PaymentFact.ProviderObserved paidWithoutBreakdown(String request) {
        return new PaymentFact.ProviderObserved(
                request, true, null, null, List.of(), null, BEFORE_EXPIRY, BEFORE_EXPIRY, "paid");
    }

    private static PaymentFact.ProviderObserved observed(
            boolean hasBeenPaid, BigDecimal paidAmount, List<BigDecimal> payments, Instant paidAt) {
        return new PaymentFact.ProviderObserved(
                REQUEST, hasBeenPaid, paidAmount, null, payments, null, paidAt, BEFORE_EXPIRY, null);
    }

    private static Order awaiting() {
        return Order.open(ORDER, amount("100"), "USDC", "tok-1", EXPIRES)
                .order()
                .withLink("tok-1", EXPIRES, List.of(REQUEST));
    }

    private static PaymentFact partial(String totalPaid) {
        return new PaymentFact.PaymentPartial(REQUEST, amount(totalPaid), "USDC", BEFORE_EXPIRY);
    }

    private static PaymentFact confirmed(String totalPaid) {
        return new PaymentFact.PaymentConfirmed(REQUEST, amount(totalPaid), "USDC", BEFORE_EXPIRY);
    }

    private static PaymentFact failed() {
        return new PaymentFact.PaymentFailed(REQUEST, "insufficient_funds");
    }

    private static Order changed(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Changed.class);
        return ((Transition.Changed) transition).order();
    }

    private static String unchangedReason(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Unchanged.class);
        return ((Transition.Unchanged) transition).reason();
    }

    private static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }
}

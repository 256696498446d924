package io.payrecon.reconciler.order;

import static io.payrecon.events.PaymentStatus.AWAITING_PAYMENT;
import static io.payrecon.events.PaymentStatus.PAID;
import static io.payrecon.events.PaymentStatus.PARTIALLY_PAID;
import static io.payrecon.events.PaymentStatus.PAYMENT_FAILED;
import static io.payrecon.events.PaymentStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.PaymentStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order state machine: given a state, when a fact arrives, then the next state. Plain Java, no Spring. */
class OrderTest {

    private static final String ORDER = "order-1001";
    private static final String REQUEST = "req-a";
    private static final String RENEWED_REQUEST = "req-b";

    @Test
    void openingAnOrderAwaitsPaymentAtSequenceZeroWithNoPreviousStatus() {
        Transition.Changed opened = Order.open(ORDER, amount("100.00"), "USDC");

        assertThat(opened.opened()).isTrue();
        assertThat(opened.previousStatus()).isNull();
        assertThat(opened.order().status()).isEqualTo(AWAITING_PAYMENT);
        assertThat(opened.order().sequence()).isZero();
        assertThat(opened.order().paidAmount()).isEqualByComparingTo("0");
    }

    @Test
    void confirmedPaymentPaysAnAwaitingOrderAsTheFirstChangeAfterOpening() {
        Transition.Changed paid = (Transition.Changed) awaiting("100").apply(REQUEST, confirmed("100.0"));

        assertThat(paid.opened()).isFalse();
        assertThat(paid.previousStatus()).isEqualTo(AWAITING_PAYMENT);
        assertThat(paid.order().status()).isEqualTo(PAID);
        assertThat(paid.order().paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.order().sequence()).isEqualTo(1);
    }

    @Test
    void confirmationWithoutAmountsPaysTheRemainder() {
        Order partlyPaid = changed(awaiting("100").apply(REQUEST, partial("30")));

        Order paid = changed(partlyPaid.apply(REQUEST, new PaymentFact.PaymentConfirmed(null, null)));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
    }

    @Test
    void partialPaymentMakesAnAwaitingOrderPartiallyPaid() {
        Order order = changed(awaiting("100").apply(REQUEST, partial("50.0")));

        assertThat(order.status()).isEqualTo(PARTIALLY_PAID);
        assertThat(order.paidAmount()).isEqualByComparingTo("50");
    }

    @Test
    void laterPartialPaymentRaisesThePaidAmountWithinTheSameStatus() {
        Order first = changed(awaiting("100").apply(REQUEST, partial("30")));

        Transition.Changed second = (Transition.Changed) first.apply(REQUEST, partial("70"));

        assertThat(second.previousStatus()).isEqualTo(PARTIALLY_PAID);
        assertThat(second.order().status()).isEqualTo(PARTIALLY_PAID);
        assertThat(second.order().paidAmount()).isEqualByComparingTo("70");
        assertThat(second.order().sequence()).isEqualTo(first.sequence() + 1);
    }

    @Test
    void lateSmallerPartialTotalNeverLowersThePaidAmount() {
        Order order = changed(awaiting("100").apply(REQUEST, partial("70")));

        Transition late = order.apply(REQUEST, partial("30"));

        assertThat(late).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void confirmationAfterPartialPaymentPaysTheOrder() {
        Order order = changed(awaiting("100").apply(REQUEST, partial("50")));

        Order paid = changed(order.apply(REQUEST, confirmed("100")));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.sequence()).isEqualTo(2);
    }

    @Test
    void failureWithNothingPaidFailsThePayment() {
        Order order = changed(awaiting("100").apply(REQUEST, failed()));

        assertThat(order.status()).isEqualTo(PAYMENT_FAILED);
        assertThat(order.paidAmount()).isEqualByComparingTo("0");
    }

    @Test
    void failureAfterPartialPaymentDoesNotUndoMoneyAlreadyReceived() {
        Order order = changed(awaiting("100").apply(REQUEST, partial("50")));

        Transition failure = order.apply(REQUEST, failed());

        assertThat(unchangedReason(failure)).contains("does not undo money");
    }

    @Test
    void lateFailureDoesNotUndoPayment() {
        Order paid = changed(awaiting("100").apply(REQUEST, confirmed("100")));

        assertThat(paid.apply(REQUEST, failed())).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void latePartialReportDoesNotTakePaidBackToPartiallyPaid() {
        Order paid = changed(awaiting("100").apply(REQUEST, confirmed("100")));

        assertThat(paid.apply(REQUEST, partial("50"))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void reapplyingTheSameConfirmationChangesNothing() {
        Order paid = changed(awaiting("100").apply(REQUEST, confirmed("100")));

        assertThat(unchangedReason(paid.apply(REQUEST, confirmed("100")))).contains("already paid");
    }

    @Test
    void paymentAfterAFailedAttemptStillPaysTheOrder() {
        Order failed = changed(awaiting("100").apply(REQUEST, failed()));

        Transition.Changed paid = (Transition.Changed) failed.apply(REQUEST, confirmed("100"));

        assertThat(paid.previousStatus()).isEqualTo(PAYMENT_FAILED);
        assertThat(paid.order().status()).isEqualTo(PAID);
    }

    @Test
    void partialPaymentAfterAFailedAttemptCounts() {
        Order failed = changed(awaiting("100").apply(REQUEST, failed()));

        assertThat(changed(failed.apply(REQUEST, partial("40"))).status()).isEqualTo(PARTIALLY_PAID);
    }

    @Test
    void secondFailureChangesNothing() {
        Order failed = changed(awaiting("100").apply(REQUEST, failed()));

        assertThat(failed.apply(REQUEST, failed())).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void paymentsToARenewedLinkAddUpWithThoseToTheLinkItReplaced() {
        Order partlyPaid = changed(awaiting("100").apply(REQUEST, partial("40")));
        Order renewed = partlyPaid.withRequestIds(List.of(RENEWED_REQUEST));

        Order paid = changed(renewed.apply(RENEWED_REQUEST, confirmed("60")));

        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
        assertThat(paid.requestIds()).containsExactly(REQUEST, RENEWED_REQUEST);
    }

    @Test
    void refundedOrderIsNotReopenedByLatePaymentReports() {
        Order refunded = order(REFUNDED, "100", Map.of(REQUEST, amount("100")));

        assertThat(refunded.apply(REQUEST, confirmed("100"))).isInstanceOf(Transition.Unchanged.class);
        assertThat(refunded.apply(REQUEST, partial("150"))).isInstanceOf(Transition.Unchanged.class);
    }

    @Test
    void paymentTakesTheReportedCurrencyWhenTheLinkHadNone() {
        Order order = changed(Order.open(ORDER, amount("100"), null)
                .order()
                .withRequestIds(List.of(REQUEST))
                .apply(REQUEST, confirmed("100")));

        assertThat(order.currency()).isEqualTo("USDC");
    }

    @Test
    void everyStatusHasARuleForEveryPaymentInput() {
        for (PaymentStatus status : PaymentStatus.values()) {
            for (PaymentFact.Input input : PaymentFact.Input.values()) {
                PaymentTransitions.Rule rule = PaymentTransitions.rule(status, input);
                assertThat(rule.target() != null || rule.reasonWhenUnchanged() != null)
                        .as("%s on %s moves or says why not", input, status)
                        .isTrue();
                assertThat(rule.target() == AWAITING_PAYMENT)
                        .as("%s on %s never goes back to awaiting payment", input, status)
                        .isFalse();
            }
        }
    }

    private static Order awaiting(String expected) {
        return Order.open(ORDER, amount(expected), "USDC").order().withRequestIds(List.of(REQUEST));
    }

    private static Order order(PaymentStatus status, String expected, Map<String, BigDecimal> paid) {
        return new Order(ORDER, status, amount(expected), "USDC", paid, Set.of(), 5);
    }

    private static PaymentFact partial(String totalPaid) {
        return new PaymentFact.PaymentPartial(amount(totalPaid), "USDC");
    }

    private static PaymentFact confirmed(String totalPaid) {
        return new PaymentFact.PaymentConfirmed(amount(totalPaid), "USDC");
    }

    private static PaymentFact failed() {
        return new PaymentFact.PaymentFailed("insufficient_funds");
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

package io.payrecon.reconciler.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.ProviderStatusObserved.ObservedPayment;
import io.payrecon.reconciler.inbox.MalformedWebhookException;
import io.payrecon.reconciler.inbox.ProviderWebhook;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every provider event type of request-network-api.md §4, as the fact it reports. */
class ProviderFactsTest {

    private static final Instant RECEIVED = Instant.parse("2026-10-03T15:00:00Z");
    private static final Instant POLLED = Instant.parse("2026-10-03T16:00:00Z");
    private static final Instant FIRST = Instant.parse("2026-10-03T14:30:00Z");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "payment.confirmed, PaymentConfirmed",
        "payment.confirmed.client_id, PaymentConfirmed",
        "payment.confirmed.checkout, PaymentConfirmed",
        "payment.partial, PaymentPartial",
        "payment.partial.client_id, PaymentPartial",
        "payment.partial.checkout, PaymentPartial",
        "payment.failed, PaymentFailed",
        "payment.refunded, PaymentRefunded",
        "payment.processing, PaymentProcessing",
        "compliance.updated, NotAboutPayment",
        "payment_detail.updated, NotAboutPayment",
        "request.recurring, NotAboutPayment",
        "secure_payment.user_event, NotAboutPayment",
        "secure_payment.access_rejected, NotAboutPayment",
        "payment.teleported, UnknownEvent"
    })
    void everyProviderEventTypeReportsItsFact(String event, String fact) {
        ProviderWebhook webhook =
                parse("{\"event\":\"" + event + "\",\"requestId\":\"01ab\",\"totalAmountPaid\":\"1\"}");

        assertThat(ProviderFacts.of(webhook, RECEIVED).getClass().getSimpleName())
                .isEqualTo(fact);
    }

    @Test
    void bodyWithoutAnEventTypeIsAnUnknownEvent() {
        PaymentFact fact = ProviderFacts.of(parse("{\"requestId\":\"01ab\"}"), RECEIVED);

        assertThat(fact).isInstanceOf(PaymentFact.UnknownEvent.class);
        assertThat(ProviderFacts.whyIgnored((PaymentFact.WithoutPaymentEffect) fact))
                .contains("no event type");
    }

    @Test
    void paymentTimeIsTheProvidersOrElseWhenItWasReceived() {
        PaymentFact.PaymentConfirmed withTime = (PaymentFact.PaymentConfirmed) ProviderFacts.of(
                parse(
                        "{\"event\":\"payment.confirmed\",\"requestId\":\"01ab\",\"timestamp\":\"2026-10-03T14:30:00Z\"}"),
                RECEIVED);
        PaymentFact.PaymentConfirmed withoutTime = (PaymentFact.PaymentConfirmed)
                ProviderFacts.of(parse("{\"event\":\"payment.confirmed\",\"requestId\":\"01ab\"}"), RECEIVED);

        assertThat(withTime.paidAt()).isEqualTo(Instant.parse("2026-10-03T14:30:00Z"));
        assertThat(withoutTime.paidAt()).isEqualTo(RECEIVED);
        assertThat(withoutTime.totalPaid()).isNull();
    }

    @Test
    void refundCarriesItsAmount() {
        PaymentFact.PaymentRefunded refund = (PaymentFact.PaymentRefunded) ProviderFacts.of(
                parse("{\"event\":\"payment.refunded\",\"requestId\":\"01ab\",\"refundAmount\":\"25.50\"}"), RECEIVED);

        assertThat(refund.refundAmount()).isEqualByComparingTo("25.50");
    }

    @Test
    void paymentWithoutARequestIdCannotBeApplied() {
        assertThatThrownBy(() -> ProviderFacts.of(parse("{\"event\":\"payment.confirmed\"}"), RECEIVED))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("without requestId");
    }

    @Test
    void partialPaymentWithoutAPositiveTotalCannotBeApplied() {
        assertThatThrownBy(() -> ProviderFacts.of(
                        parse("{\"event\":\"payment.partial\",\"requestId\":\"01ab\",\"totalAmountPaid\":\"0\"}"),
                        RECEIVED))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("positive totalAmountPaid");
    }

    @Test
    void pollWithABreakdownCountsItsTotalAndItsPaymentsAmountsAndTime() {
        ProviderStatusObserved observed = observation(
                false,
                "partially_paid",
                "40",
                "60",
                List.of(new ObservedPayment("0xaaa", new BigDecimal("40"), "USDC", FIRST)),
                List.of(new ObservedPayment(null, new BigDecimal("40"), null, FIRST)));

        PaymentFact.ProviderObserved fact = ProviderFacts.of(observed);

        assertThat(fact.hasBeenPaid()).isFalse();
        assertThat(fact.totalPaid()).isEqualByComparingTo("40");
        assertThat(fact.remainingAmount()).isEqualByComparingTo("60");
        assertThat(fact.payments()).as("the breakdown's, not twice").containsExactly(new BigDecimal("40"));
        assertThat(fact.currency()).isEqualTo("USDC");
        assertThat(fact.paidAt()).isEqualTo(FIRST);
        assertThat(fact.observedAt()).isEqualTo(POLLED);
        assertThat(ProviderFacts.transactionsCounted(observed)).containsExactly("0xaaa");
    }

    @Test
    void pollOfARequestPaidByOnePaymentWithoutBreakdownIsPaidWithNoAmountAndNoTime() {
        ProviderStatusObserved observed =
                observation(true, null, null, null, List.of(new ObservedPayment("0xabc", null, null, null)), null);

        PaymentFact.ProviderObserved fact = ProviderFacts.of(observed);

        assertThat(fact.hasBeenPaid()).isTrue();
        assertThat(fact.paidAmount()).isNull();
        assertThat(fact.toldAmount()).isFalse();
        assertThat(fact.paidAt())
                .as("the time of the poll is not the time of the payment")
                .isNull();
        assertThat(ProviderFacts.transactionsCounted(observed)).containsExactly("0xabc");
    }

    @Test
    void itemAmountsCountWhenThereIsNoBreakdown() {
        PaymentFact.ProviderObserved fact = ProviderFacts.of(observation(
                true,
                "paid",
                null,
                null,
                List.of(new ObservedPayment("0xabc", new BigDecimal("100"), "USDC", FIRST)),
                null));

        assertThat(fact.payments()).containsExactly(new BigDecimal("100"));
        assertThat(fact.toldAmount()).isTrue();
        assertThat(fact.paidAt()).isEqualTo(FIRST);
    }

    @Test
    void transactionOfAnUnpaidSnapshotThatCountsNoMoneyIsNotRecordedSoItsWebhookStillCounts() {
        ProviderStatusObserved observed = observation(
                false, "pending", null, null, List.of(new ObservedPayment("0xabc", null, null, null)), null);

        assertThat(ProviderFacts.of(observed).totalPaid()).isZero();
        assertThat(ProviderFacts.transactionsCounted(observed)).isEmpty();
    }

    @Test
    void anObservationWrittenBeforeTheBreakdownFieldsCountsItsTopLevelTotal() {
        ProviderStatusObserved previous = new ProviderStatusObserved(
                UUID.randomUUID(),
                POLLED,
                "01ab",
                true,
                "paid",
                new BigDecimal("100"),
                new BigDecimal("100"),
                List.of(new ObservedPayment("0xabc", new BigDecimal("100"), "USDC", FIRST)),
                null,
                null);

        PaymentFact.ProviderObserved fact = ProviderFacts.of(previous);

        assertThat(fact.paidAmount()).isEqualByComparingTo("100");
        assertThat(fact.remainingAmount()).isNull();
        assertThat(fact.payments()).containsExactly(new BigDecimal("100"));
    }

    @ParameterizedTest(name = "status {0}")
    @CsvSource({"pending", "partially_paid", "paid", "refunded", "PAID"})
    void statusesOfTheSandboxAreKnown(String status) {
        assertThat(ProviderFacts.unseenIn(observation(false, status, null, null, List.of(), null)))
                .isEmpty();
    }

    @Test
    void aStatusTheReconcilerDoesNotKnowIsSurfacedAndNoStatusAtAllIsFine() {
        assertThat(ProviderFacts.unseenIn(observation(true, "settled_offchain", null, null, List.of(), null)))
                .containsExactly(UnseenByPolling.UNKNOWN_STATUS);
        assertThat(ProviderFacts.unseenIn(observation(true, null, null, null, List.of(), null)))
                .isEmpty();
        assertThat(ProviderFacts.refundOf(observation(true, null, null, null, List.of(), null)))
                .isEmpty();
        assertThat(ProviderFacts.refundOf(observation(true, "refunded", null, null, List.of(), null)))
                .isPresent();
    }

    private static ProviderStatusObserved observation(
            boolean paid,
            String status,
            String paidAmount,
            String remaining,
            List<ObservedPayment> payments,
            List<ObservedPayment> breakdown) {
        return new ProviderStatusObserved(
                UUID.randomUUID(),
                POLLED,
                "01ab",
                paid,
                status,
                null,
                paidAmount == null ? null : new BigDecimal(paidAmount),
                payments,
                remaining == null ? null : new BigDecimal(remaining),
                breakdown);
    }

    private static ProviderWebhook parse(String body) {
        return ProviderWebhook.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}

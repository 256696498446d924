package io.payrecon.reconciler.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.reconciler.inbox.MalformedWebhookException;
import io.payrecon.reconciler.inbox.ProviderWebhook;
import io.payrecon.reconciler.order.PaymentFact.Input;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every provider event type of request-network-api.md §4, as an input of the transition table. */
class ProviderFactsTest {

    private static final Instant RECEIVED = Instant.parse("2026-10-03T15:00:00Z");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "payment.confirmed, PAYMENT_CONFIRMED",
        "payment.confirmed.client_id, PAYMENT_CONFIRMED",
        "payment.confirmed.checkout, PAYMENT_CONFIRMED",
        "payment.partial, PAYMENT_PARTIAL",
        "payment.partial.client_id, PAYMENT_PARTIAL",
        "payment.partial.checkout, PAYMENT_PARTIAL",
        "payment.failed, PAYMENT_FAILED",
        "payment.refunded, PAYMENT_REFUNDED",
        "payment.processing, PAYMENT_PROCESSING",
        "compliance.updated, NOT_ABOUT_PAYMENT",
        "payment_detail.updated, NOT_ABOUT_PAYMENT",
        "request.recurring, NOT_ABOUT_PAYMENT",
        "secure_payment.user_event, NOT_ABOUT_PAYMENT",
        "secure_payment.access_rejected, NOT_ABOUT_PAYMENT",
        "payment.teleported, UNKNOWN_EVENT"
    })
    void everyProviderEventTypeHasItsInput(String event, Input input) {
        ProviderWebhook webhook =
                parse("{\"event\":\"" + event + "\",\"requestId\":\"01ab\",\"totalAmountPaid\":\"1\"}");

        assertThat(ProviderFacts.inputOf(webhook.kind())).isEqualTo(input);
        assertThat(ProviderFacts.of(webhook, RECEIVED).input()).isEqualTo(input);
    }

    @Test
    void bodyWithoutAnEventTypeIsAnUnknownEvent() {
        PaymentFact fact = ProviderFacts.of(parse("{\"requestId\":\"01ab\"}"), RECEIVED);

        assertThat(fact.input()).isEqualTo(Input.UNKNOWN_EVENT);
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

    private static ProviderWebhook parse(String body) {
        return ProviderWebhook.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}

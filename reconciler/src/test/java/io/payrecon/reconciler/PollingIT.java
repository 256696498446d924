package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.ProviderEvent;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The polling fallback, against a stand-in of the provider's {@code GET /v2/request/{requestId}}. */
class PollingIT extends RunningReconciler {

    /** The transactions of the partial and the confirmed webhook fixtures. */
    private static final String PARTIAL_TX = "0x1111111111111111111111111111111111111111111111111111111111111111";

    private static final String CONFIRMED_TX = "0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890";

    @Test
    void orderPaidWhileItsWebhooksWereDroppedIsFoundPaidByPollingAndTheLateWebhookCountsOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        String txHash = "0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890";
        PROVIDER.paid(requestId, "100.00", txHash); // the payer paid; no webhook ever reaches us

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 1).get(0);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.00");
        assertThat(paid.cause().kind()).isEqualTo("provider.status-observed");
        assertThat(paid.cause().deliveryId()).isNull();
        assertThat(PROVIDER.callsFor(requestId)).isPositive();
        ProviderStatusObserved observed = readAll(Topics.PROVIDER_OBSERVATIONS).stream()
                .filter(record -> requestId.equals(record.key()))
                .map(record -> (ProviderStatusObserved) EventCodec.read(record.value(), ProviderEvent.class))
                .filter(event -> event.eventId().equals(paid.cause().eventId()))
                .findFirst()
                .orElseThrow();
        assertThat(observed.hasBeenPaid()).isTrue();
        assertThat(observed.payments())
                .extracting(ProviderStatusObserved.ObservedPayment::txHash)
                .containsExactly(txHash);

        // the provider's webhook for the same payment, late (a replay after the outage): counted already
        WebhookReceived late = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, late);

        awaitOutcome(late.deliveryId(), "DUPLICATE");
        assertThat(reasonOf(late.deliveryId())).contains("already counted");
        assertStatusEventsStay(orderId, 1);
        JsonNode order = order(orderId);
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.00");
        assertThat(flags(order)).isEmpty();
    }

    @Test
    void partPaidWhileWebhooksWereDroppedIsFoundByItsBreakdownThenTheRestAndLateWebhooksCountOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        PROVIDER.partlyPaid(requestId, "50.0", "50.0", PARTIAL_TX); // no webhook reaches us

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        OrderPaymentStatusChanged partly = awaitStatusEvents(orderId, 1).get(0);
        assertThat(partly.status()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(partly.paidAmount())
                .as("the breakdown's total: a renewed link asks only for the rest")
                .isEqualByComparingTo("50");
        WebhookReceived latePartial = webhook("payment.partial.json", requestId);
        send(Topics.WEBHOOKS, latePartial);
        awaitOutcome(latePartial.deliveryId(), "DUPLICATE");

        // the payer pays the rest; the provider now lists two payments in its breakdown
        PROVIDER.paidInTwo(requestId, "50.0", PARTIAL_TX, "50.0", CONFIRMED_TX);
        pollNow(orderId);

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 2).get(1);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100");
        WebhookReceived lateConfirmed = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, lateConfirmed);
        awaitOutcome(lateConfirmed.deliveryId(), "DUPLICATE");
        assertStatusEventsStay(orderId, 2);
        JsonNode order = order(orderId);
        assertThat(new BigDecimal(order.get("paidAmount").stringValue())).isEqualByComparingTo("100");
        assertThat(flags(order)).isEmpty();
    }

    @Test
    void answerWhoseHasBeenPaidIsNoBooleanIsAFailedPollThatSaysWhyAndTheNextGoodAnswerCounts() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        PROVIDER.answersRaw(requestId, """
                {"requestId":"%s","hasBeenPaid":"yes","status":"paid"}""".formatted(requestId));

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(lastOutcome(requestId))
                        .contains("INVALID_RESPONSE", "hasBeenPaid is a string, not a boolean"));
        assertStatusEventsStay(orderId, 0);

        PROVIDER.paid(requestId, "100.00", newTxHash());
        pollNow(orderId);

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
    }

    @Test
    void pollShowingLessThanAWebhookReportedTakesNothingBackAndIsCountedAsUnseen() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId)); // 50 received
        assertThat(awaitStatusEvents(orderId, 1).get(0).paidAmount()).isEqualByComparingTo("50");
        double before = unseen("less-than-reported");

        // a partial refund the answer has no field for, say: the provider now tells 40 received
        PROVIDER.partlyPaid(requestId, "40", "60", newTxHash());
        pollNow(orderId);

        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("""
                                SELECT count(*) FROM provider_observations
                                WHERE request_id = :requestId AND outcome = 'UNCHANGED'
                                  AND reason LIKE '%polling cannot see: less-than-reported%'
                                """)
                                .param("requestId", requestId)
                                .query(Long.class)
                                .single()
                        > 0);
        await().atMost(PATIENCE).until(() -> unseen("less-than-reported") > before);
        assertStatusEventsStay(orderId, 1);
        assertThat(new BigDecimal(order(orderId).get("paidAmount").stringValue()))
                .isEqualByComparingTo("50");
    }

    @Test
    void pollsOfARequestTheProviderDoesNotKnowChangeNothing() {
        String orderId = newOrderId();
        String requestId = newRequestId();

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        awaitOrder(orderId, order -> PROVIDER.callsFor(requestId) >= 2);
        assertThat(jdbc.sql("SELECT last_outcome FROM polls WHERE request_id = :requestId")
                        .param("requestId", requestId)
                        .query(String.class)
                        .single())
                .contains("404");
        assertStatusEventsStay(orderId, 0);
    }

    /**
     * Every webhook of the payment lost, the refund's delivered: the order is refunded before it knows it was paid.
     * It stays polled until a poll counts the payment, and then tells what it received and what it gave back.
     */
    @Test
    void refundWhosePaymentWasNeverReportedKeepsTheOrderPolledUntilThePaymentIsCounted() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.refunded.json", requestId)); // 100.0 given back

        OrderPaymentStatusChanged refunded = awaitStatusEvents(orderId, 1).get(0);
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.paidAmount()).isEqualByComparingTo("0");

        PROVIDER.refunded(requestId, "100.00", CONFIRMED_TX); // the provider shows the payment, and the refund

        OrderPaymentStatusChanged counted = awaitStatusEvents(orderId, 2).get(1);
        assertThat(counted.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(counted.paidAmount()).isEqualByComparingTo("100");
        assertThat(counted.cause().kind()).isEqualTo("provider.status-observed");
        HttpResponse<String> poll = admin("POST", "/admin/orders/" + orderId + "/poll", null, ALICE);
        assertThat(poll.statusCode())
                .as("a refunded order that counts what it gave back as received is polled no more: " + poll.body())
                .isEqualTo(409);
    }

    private void pollNow(String orderId) {
        HttpResponse<String> poll = admin("POST", "/admin/orders/" + orderId + "/poll", null, ALICE);
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(202);
    }

    private String lastOutcome(String requestId) {
        return jdbc.sql("SELECT last_outcome FROM polls WHERE request_id = :requestId")
                .param("requestId", requestId)
                .query(String.class)
                .optional()
                .orElse("");
    }

    /** {@code reconciler_polling_unseen_total} of this reason, as Prometheus scrapes it. */
    private double unseen(String reason) {
        Matcher value = Pattern.compile(
                        "(?m)^reconciler_polling_unseen_total\\{reason=\"" + Pattern.quote(reason) + "\",?\\} (\\S+)$")
                .matcher(get("/actuator/prometheus", null).body());
        assertThat(value.find())
                .as("reconciler_polling_unseen_total{reason=%s}", reason)
                .isTrue();
        return Double.parseDouble(value.group(1));
    }
}

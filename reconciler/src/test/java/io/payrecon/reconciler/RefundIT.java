package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Refunds count once however they reach us: re-sent by the provider under a new delivery id, replayed, seen by a
 * poll, or all of these; and two different refunds of one request both count.
 */
class RefundIT extends RunningReconciler {

    private static final String FIXTURE_REFUND_AMOUNT = "\"refundAmount\":\"100.0\"";
    private static final String FIXTURE_TIMESTAMP = "\"timestamp\":\"2025-10-05T09:00:00Z\"";

    @Test
    void refundResentUnderANewDeliveryIdCountsOnceAndADifferentRefundOfTheSameRequestCountsToo() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        String firstRefund = refundBody(requestId, "30.0", "2025-10-05T09:00:00Z");
        WebhookReceived first = webhookWithBody(requestId, firstRefund);
        // the provider's "duplicate with a new delivery id": the same body, its own delivery id
        WebhookReceived resent = webhookWithBody(requestId, firstRefund);

        send(Topics.WEBHOOKS, first);
        send(Topics.WEBHOOKS, resent);

        awaitOutcome(first.deliveryId(), "APPLIED");
        awaitOutcome(resent.deliveryId(), "DUPLICATE");
        assertThat(reasonOf(resent.deliveryId())).contains("already counted");
        OrderPaymentStatusChanged refunded = awaitStatusEvents(orderId, 2).get(1);
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.refundedAmount()).isEqualByComparingTo("30");
        assertStatusEventsStay(orderId, 2);
        assertThat(order(orderId).get("refundedAmount").stringValue()).isEqualTo("30.0");

        // a second, different refund of the same request (another amount, another time): counted too
        WebhookReceived second = webhookWithBody(requestId, refundBody(requestId, "20", "2025-10-06T11:30:00Z"));
        send(Topics.WEBHOOKS, second);

        awaitOutcome(second.deliveryId(), "APPLIED");
        assertStatusEventsStay(orderId, 3);
        assertThat(awaitStatusEvents(orderId, 3).get(2).refundedAmount()).isEqualByComparingTo("50");
        JsonNode order = order(orderId);
        assertThat(order.get("refundedAmount").stringValue()).isEqualTo("50.0");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");

        // the same first refund once more, its amount written differently ("30" is "30.0"): still the same refund
        WebhookReceived again = webhookWithBody(requestId, refundBody(requestId, "30", "2025-10-05T09:00:00Z"));
        send(Topics.WEBHOOKS, again);
        awaitOutcome(again.deliveryId(), "DUPLICATE");
        assertStatusEventsStay(orderId, 3);
        assertThat(order(orderId).get("refundedAmount").stringValue()).isEqualTo("50.0");
    }

    @Test
    void twoRefundsOfTheSameAmountAtDifferentTimesBothCount() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);

        send(Topics.WEBHOOKS, webhookWithBody(requestId, refundBody(requestId, "25.0", "2025-10-05T09:00:00Z")));
        send(Topics.WEBHOOKS, webhookWithBody(requestId, refundBody(requestId, "25.0", "2025-10-05T09:10:00Z")));

        awaitOrder(orderId, order -> order.get("refundedAmount").stringValue().equals("50.0"));
        assertStatusEventsStay(orderId, 3);
    }

    @Test
    void failedAttemptResentUnderANewDeliveryIdIsADuplicate() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        String body = fixtureBody("payment.failed.json", requestId);
        WebhookReceived failed = webhookWithBody(requestId, body);
        WebhookReceived resent = webhookWithBody(requestId, body);

        send(Topics.WEBHOOKS, failed);
        send(Topics.WEBHOOKS, resent);

        awaitOutcome(failed.deliveryId(), "APPLIED");
        awaitOutcome(resent.deliveryId(), "DUPLICATE");
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAYMENT_FAILED);
        assertStatusEventsStay(orderId, 1);
    }

    @Test
    void refundWhoseWebhooksWereAllLostIsFoundByPollingThePaidOrderAndTheLateWebhookCountsOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        String txHash = newTxHash();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        PROVIDER.paid(requestId, "100.00", txHash);
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        // the paid order is still polled, on the slow rung
        int pollsWhenPaid = PROVIDER.callsFor(requestId);
        await().atMost(PATIENCE).until(() -> PROVIDER.callsFor(requestId) > pollsWhenPaid);

        // the merchant refunds while the gateway is down: every delivery of payment.refunded is lost
        PROVIDER.refunded(requestId, "100.00", txHash);

        OrderPaymentStatusChanged refunded = awaitStatusEvents(orderId, 2).get(1);
        assertThat(refunded.previousStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.cause().kind()).isEqualTo("provider.status-observed");
        assertThat(refunded.refundedAmount()).isEqualByComparingTo("100");
        JsonNode order = order(orderId);
        assertThat(amount(order, "refundedAmount")).isEqualByComparingTo("100");
        assertThat(amount(order, "paidAmount")).isEqualByComparingTo("100");
        // a refunded order is not polled any more
        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("SELECT count(*) FROM polls WHERE request_id = :requestId")
                                .param("requestId", requestId)
                                .query(Long.class)
                                .single()
                        == 0);

        // the provider's webhook for the refund, late (replayed after the outage): the refund counts once
        WebhookReceived late = webhook("payment.refunded.json", requestId);
        send(Topics.WEBHOOKS, late);

        awaitOutcome(late.deliveryId(), "UNCHANGED");
        assertStatusEventsStay(orderId, 2);
        assertThat(amount(order(orderId), "refundedAmount")).isEqualByComparingTo("100");
    }

    @Test
    void pollThatSeesARefundAlreadyReportedByWebhooksCountsNothingAgain() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        // two partial refunds give everything back
        send(Topics.WEBHOOKS, webhookWithBody(requestId, refundBody(requestId, "40", "2025-10-05T09:00:00Z")));
        send(Topics.WEBHOOKS, webhookWithBody(requestId, refundBody(requestId, "60", "2025-10-05T10:00:00Z")));
        awaitOrder(orderId, order -> amount(order, "refundedAmount").compareTo(new BigDecimal("100")) == 0);
        // a poll made before the order was refunded, applied after: the provider shows the request refunded
        ProviderStatusObserved observed = new ProviderStatusObserved(
                UUID.randomUUID(),
                Instant.now(),
                requestId,
                true,
                "refunded",
                null,
                null,
                List.of(new ProviderStatusObserved.ObservedPayment(
                        newTxHash(), new BigDecimal("100.00"), "USDC", Instant.now())),
                null,
                List.of());

        send(Topics.PROVIDER_OBSERVATIONS, observed);

        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("SELECT outcome FROM provider_observations WHERE event_id = :eventId")
                        .param("eventId", observed.eventId())
                        .query(String.class)
                        .optional()
                        .filter("UNCHANGED"::equals)
                        .isPresent());
        assertStatusEventsStay(orderId, 3);
        assertThat(amount(order(orderId), "refundedAmount")).isEqualByComparingTo("100");
    }

    private static BigDecimal amount(JsonNode order, String field) {
        return new BigDecimal(order.get(field).stringValue());
    }

    /** The provider's payment.refunded fixture, about this request, with this refund's amount and time. */
    private static String refundBody(String requestId, String amount, String timestamp) {
        String body = fixtureBody("payment.refunded.json", requestId);
        assertThat(body).contains(FIXTURE_REFUND_AMOUNT, FIXTURE_TIMESTAMP);
        return body.replace(FIXTURE_REFUND_AMOUNT, "\"refundAmount\":\"" + amount + "\"")
                .replace(FIXTURE_TIMESTAMP, "\"timestamp\":\"" + timestamp + "\"");
    }
}

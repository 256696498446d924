package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.ProviderEvent;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The polling fallback, against a stand-in of the provider's {@code GET /v2/request/{requestId}}. */
class PollingIntegrationTest extends RunningReconciler {

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
}

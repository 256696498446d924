package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.EventCodec;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.requestclient.DeliveryIds;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The log is a trust boundary: a {@code webhook.received} written straight to the topic by someone with write rights
 * is applied only if the provider's signature verifies with the secret it names; and no record, however odd, holds
 * its partition.
 */
class ForgedAndOddRecordsIntegrationTest extends RunningReconciler {

    @Test
    void webhookSignedWithAnotherSecretIsDeadLetteredAndChangesNothing() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        String body = fixtureBody("payment.confirmed.json", requestId);
        WebhookReceived genuine = webhookWithBody(requestId, body);
        // names the reconciler's secret, but was signed by someone who does not have it
        WebhookReceived forged = withHeader(
                genuine,
                "x-request-network-signature",
                WebhookSignature.sign("attacker", body.getBytes(StandardCharsets.UTF_8)));

        send(Topics.WEBHOOKS, forged);
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.WEBHOOKS, EventCodec.write(forged));
        assertThat(header(dead, "x-dlt-reason"))
                .contains("delivery " + forged.deliveryId())
                .contains("signature does not verify");
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertStatusEventsStay(orderId, 1);
        assertThat(order(orderId).get("status").asString()).isEqualTo("PARTIALLY_PAID");
    }

    @Test
    void webhookWhoseBodyWasChangedAfterSigningIsDeadLettered() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived partial = webhook("payment.partial.json", requestId);
        String confirmedBody = fixtureBody("payment.confirmed.json", requestId);
        WebhookReceived tampered = new WebhookReceived(
                partial.eventId(),
                partial.occurredAt(),
                partial.deliveryId(),
                partial.event(),
                partial.requestId(),
                false,
                0,
                partial.secretId(),
                partial.headers(), // the partial payment's genuine signature
                confirmedBody.getBytes(StandardCharsets.UTF_8));

        send(Topics.WEBHOOKS, tampered);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.WEBHOOKS, EventCodec.write(tampered));
        assertThat(header(dead, "x-dlt-reason")).contains("signature does not verify");
        assertStatusEventsStay(orderId, 0);
    }

    @Test
    void webhookNamingASecretTheReconcilerDoesNotHaveIsDeadLetteredSayingWhatToConfigure() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        String body = fixtureBody("payment.confirmed.json", requestId);
        WebhookReceived genuine = webhookWithBody(requestId, body);
        WebhookReceived otherSecret = new WebhookReceived(
                genuine.eventId(),
                genuine.occurredAt(),
                genuine.deliveryId(),
                null,
                requestId,
                false,
                0,
                WebhookSignature.secretId("a-newer-secret"),
                withHeader(
                                genuine,
                                "x-request-network-signature",
                                WebhookSignature.sign("a-newer-secret", body.getBytes(StandardCharsets.UTF_8)))
                        .headers(),
                genuine.body());

        send(Topics.WEBHOOKS, otherSecret);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.WEBHOOKS, EventCodec.write(otherSecret));
        assertThat(header(dead, "x-dlt-reason"))
                .contains(WebhookSignature.secretId("a-newer-secret"))
                .contains("add it to WEBHOOK_SECRET");
        assertStatusEventsStay(orderId, 0);
    }

    @Test
    void genuineWebhookWithAFourThousandCharacterDeliveryIdIsAppliedUnderAShortIdDerivedFromIt() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        String hugeId = "01" + "Z".repeat(3998);
        WebhookReceived paid = webhook("payment.confirmed.json", requestId).withDeliveryId(hugeId);

        send(Topics.WEBHOOKS, paid);

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        awaitOutcome(DeliveryIds.safe(hugeId), "APPLIED");
    }

    /**
     * A value the database refuses while it answers (an order id too long for its index: PostgreSQL calls that a
     * resource failure, like an outage) is the record's fault: dead-lettered after a few tries, and the records after
     * it on the same partition apply.
     */
    @Test
    void recordTheDatabaseRefusesWhileItAnswersIsDeadLetteredAndItsPartitionMovesOn() {
        // random, so that PostgreSQL cannot compress it below the index's limit of about 2.7 KB
        StringBuilder incompressible = new StringBuilder("order-");
        while (incompressible.length() < 8000) {
            incompressible.append(UUID.randomUUID());
        }
        PaymentLinkCreated odd = linkCreated(incompressible.toString(), newRequestId());
        String orderId = newOrderId();

        sendToPartition(Topics.LINK_EVENTS, 0, odd);
        sendToPartition(Topics.LINK_EVENTS, 0, linkCreated(orderId, newRequestId()));

        awaitOrder(orderId);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.LINK_EVENTS, EventCodec.write(odd));
        assertThat(header(dead, "x-dlt-reason")).containsIgnoringCase("index row");
    }

    private static WebhookReceived withHeader(WebhookReceived webhook, String name, String value) {
        Map<String, String> headers = new HashMap<>(webhook.headers());
        headers.put(name, value);
        return new WebhookReceived(
                webhook.eventId(),
                webhook.occurredAt(),
                webhook.deliveryId(),
                webhook.event(),
                webhook.requestId(),
                webhook.test(),
                webhook.retryCount(),
                webhook.secretId(),
                headers,
                webhook.body());
    }
}

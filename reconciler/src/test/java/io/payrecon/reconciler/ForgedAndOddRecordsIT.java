package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.requestclient.DeliveryIds;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
class ForgedAndOddRecordsIT extends RunningReconciler {

    @Test
    void webhookSignedWithAnotherSecretIsDeadLetteredAndChangesNothing() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived genuine = webhookWithBody(requestId, fixtureBody("payment.confirmed.json", requestId));
        // names the reconciler's secret, but was signed by someone who does not have it
        WebhookReceived forged = signedAs(
                genuine,
                genuine.secretId(),
                withSignature(genuine.headers(), WebhookSignature.sign("attacker", genuine.body())),
                genuine.body());

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
        // the partial payment's genuine signature, over another body
        WebhookReceived tampered = signedAs(
                partial, partial.secretId(), partial.headers(), confirmedBody.getBytes(StandardCharsets.UTF_8));

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
        WebhookReceived genuine = webhookWithBody(requestId, fixtureBody("payment.confirmed.json", requestId));
        WebhookReceived otherSecret = signedAs(
                genuine,
                WebhookSignature.secretId("a-newer-secret"),
                withSignature(genuine.headers(), WebhookSignature.sign("a-newer-secret", genuine.body())),
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
        PaymentLinkCreated odd = linkCreated(incompressibleOrderId(), newRequestId());
        String orderId = newOrderId();

        sendToPartition(Topics.LINK_EVENTS, 0, odd);
        sendToPartition(Topics.LINK_EVENTS, 0, linkCreated(orderId, newRequestId()));

        awaitOrder(orderId);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.LINK_EVENTS, EventCodec.write(odd));
        assertThat(header(dead, "x-dlt-reason")).containsIgnoringCase("index row");
    }

    /**
     * A record first seen while the database is down waits with its partition, as every record does; once the
     * database is back and the record fails for its own reason, it is dead-lettered after a few tries like any other,
     * not retried for ever on the outage's schedule.
     */
    @Test
    void recordFirstSeenDuringAnOutageIsDeadLetteredOnceTheDatabaseIsBack() {
        PaymentLinkCreated odd = linkCreated(incompressibleOrderId(), newRequestId());
        String orderId = newOrderId();

        stack().postgres().stop();
        try {
            sendToPartition(Topics.LINK_EVENTS, 1, odd);
            sendToPartition(Topics.LINK_EVENTS, 1, linkCreated(orderId, newRequestId()));
            await().atMost(PATIENCE).until(() -> get("/actuator/health", null).statusCode() == 503);
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // several outage retries of the odd record
        } finally {
            stack().postgres().start();
        }

        awaitOrder(orderId);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.LINK_EVENTS, EventCodec.write(odd));
        assertThat(header(dead, "x-dlt-reason")).containsIgnoringCase("index row");
    }

    /** Random, so that PostgreSQL cannot compress it below the index's limit of about 2.7 KB. */
    private static String incompressibleOrderId() {
        StringBuilder id = new StringBuilder("order-");
        while (id.length() < 8000) {
            id.append(UUID.randomUUID());
        }
        return id.toString();
    }

    /** The delivery as someone with write rights on the topic could write it: any secret id, headers and body. */
    private static WebhookReceived signedAs(
            WebhookReceived webhook, String secretId, Map<String, String> headers, byte[] body) {
        return new WebhookReceived(
                webhook.eventId(),
                webhook.occurredAt(),
                webhook.deliveryId(),
                webhook.event(),
                webhook.requestId(),
                webhook.test(),
                webhook.retryCount(),
                secretId,
                headers,
                body);
    }

    private static Map<String, String> withSignature(Map<String, String> headers, String signature) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put("x-request-network-signature", signature);
        return changed;
    }
}

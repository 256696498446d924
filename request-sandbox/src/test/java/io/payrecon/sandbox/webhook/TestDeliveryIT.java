package io.payrecon.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import io.payrecon.sandbox.RunningSandbox;
import io.payrecon.sandbox.WebhookReceiver;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Test deliveries, like the dashboard's test button: flagged, with placeholder ids, never about a real payment. */
class TestDeliveryIT extends RunningSandbox {

    @Test
    void aTestDeliveryIsTheProvidersTestVectorFlaggedAsATest() {
        HttpResponse<String> response = post("/sandbox/webhooks/test", null);

        assertThat(response.statusCode()).isEqualTo(202);
        String deliveryId = json(response).get("deliveryId").asString();
        WebhookReceiver.Received delivery = awaitDelivery(deliveryId);
        assertThat(delivery.header("x-request-network-test")).isEqualTo("true");
        assertThat(delivery.header("x-request-network-retry-count")).isEqualTo("0");
        assertThat(delivery.body()).isEqualTo(WebhookFixtures.body(WebhookFixtures.TEST_VECTOR));
        assertThat(delivery.header("x-request-network-signature"))
                .isEqualTo(WebhookSignature.sign(WEBHOOK_SECRET, delivery.body()));
        assertThat(delivery.requestId()).isEqualTo("req_test123456789abcdef");
    }

    @Test
    void theTestVectorSignsToTheDocumentedHmac() {
        assertThat(WebhookSignature.sign(
                        "f3c189a4b5e6d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2",
                        TestDeliveryController.TEST_VECTOR_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("4b67a039a986b0061ed847713ed19d9007afb432295c02003e3bee0a74bf8367");
    }

    @Test
    void otherEventsAndUnknownOnesCanBeSentAsTests() {
        for (String event :
                new String[] {"payment.partial", "payment.failed", "payment.refunded", "vendor.new_thing"}) {
            String deliveryId = json(post("/sandbox/webhooks/test", "{\"event\":\"%s\"}".formatted(event)))
                    .get("deliveryId")
                    .asString();

            JsonNode body = awaitDelivery(deliveryId).json();
            assertThat(body.get("event").asString()).isEqualTo(event);
            assertThat(body.get("requestId").asString()).isEqualTo("req_test123456789abcdef");
        }
    }

    @Test
    void anEventThatIsNoEventNameIsAProblem() {
        HttpResponse<String> response = post("/sandbox/webhooks/test", "{\"event\":\"<b>\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
    }

    private static WebhookReceiver.Received awaitDelivery(String deliveryId) {
        await().atMost(PATIENCE)
                .until(() -> RECEIVER.deliveriesFor("req_test123456789abcdef").stream()
                        .anyMatch(d -> deliveryId.equals(d.deliveryId())));
        return RECEIVER.deliveriesFor("req_test123456789abcdef").stream()
                .filter(d -> deliveryId.equals(d.deliveryId()))
                .findFirst()
                .orElseThrow();
    }
}

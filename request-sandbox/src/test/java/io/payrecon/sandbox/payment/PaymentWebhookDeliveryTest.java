package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.requestclient.WebhookSignature;
import io.payrecon.sandbox.SandboxIntegrationTest;
import io.payrecon.sandbox.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Simulated payments and the webhooks they deliver to a real local receiver: signed over the raw bytes, in the
 * provider's documented shapes, retried on the (shortened) provider schedule with one delivery id.
 */
class PaymentWebhookDeliveryTest extends SandboxIntegrationTest {

    /** The provider's documented bodies, beside the repository. */
    private static final Path FIXTURES = Path.of("../../shared/fixtures/request-network/webhooks");

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void aConfirmedPaymentDeliversASignedWebhookWithTheProvidersHeaders() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        HttpResponse<String> response = post("/sandbox/payments/" + token, null);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode summary = json(response);
        String deliveryId = summary.get("deliveries").get(0).get("deliveryId").asString();
        assertThat(deliveryId).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(summary.get("event").asString()).isEqualTo("payment.confirmed");
        assertThat(summary.get("payment").get("amount").asString()).isEqualTo("10.50");

        WebhookReceiver.Received webhook = awaitDeliveries(requestId, 1).get(0);
        assertThat(webhook.header("content-type")).isEqualTo("application/json");
        assertThat(webhook.header("x-request-network-delivery")).isEqualTo(deliveryId);
        assertThat(webhook.header("x-request-network-retry-count")).isEqualTo("0");
        assertThat(webhook.header("x-request-network-signature")).matches("[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(
                        WEBHOOK_SECRET, webhook.body(), webhook.header("x-request-network-signature")))
                .isTrue();

        JsonNode body = webhook.json();
        assertThat(body.get("event").asString()).isEqualTo("payment.confirmed");
        assertThat(body.get("requestId").asString()).isEqualTo(requestId);
        assertThat(body.get("requestID").asString()).isEqualTo(requestId);
        assertThat(body.get("amount").asString()).isEqualTo("10.50");
        assertThat(body.get("totalAmountPaid").asString()).isEqualTo("10.50");
        assertThat(body.get("expectedAmount").asString()).isEqualTo("10.50");
        assertThat(body.get("txHash").asString())
                .matches("0x[0-9a-f]{64}")
                .isEqualTo(summary.get("payment").get("txHash").asString());
        assertThat(body.get("timestamp").asString())
                .isEqualTo(summary.get("payment").get("timestamp").asString());
    }

    @Test
    void webhookBodiesHaveTheFieldsOfTheProvidersDocumentedShapes() throws IOException {
        JsonNode link = createLink("100.0");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"failed\"}");
        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"50.0\"}");
        post("/sandbox/payments/" + token, "{\"outcome\":\"confirmed\"}");

        List<WebhookReceiver.Received> webhooks = awaitDeliveries(requestId, 3);
        for (String event : List.of("payment.failed", "payment.partial", "payment.confirmed")) {
            JsonNode body = webhooks.stream()
                    .map(WebhookReceiver.Received::json)
                    .filter(json -> json.get("event").asString().equals(event))
                    .findFirst()
                    .orElseThrow();
            JsonNode fixture = JSON.readTree(Files.readAllBytes(FIXTURES.resolve(event + ".json")));
            assertThat(body.propertyNames()).as(event).containsExactlyElementsOf(fixture.propertyNames());
        }
    }

    @Test
    void aPartialPaymentThenAConfirmationAddUpToTheExpectedAmount() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode partial = json(post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"4.00\"}"));
        JsonNode confirmed = json(post("/sandbox/payments/" + token, "{\"outcome\":\"confirmed\"}"));

        assertThat(partial.get("payment").get("totalAmountPaid").asString()).isEqualTo("4.00");
        assertThat(confirmed.get("payment").get("amount").asString()).isEqualTo("6.50");
        assertThat(confirmed.get("payment").get("totalAmountPaid").asString()).isEqualTo("10.50");
        List<JsonNode> bodies = awaitDeliveries(requestId, 2).stream()
                .map(WebhookReceiver.Received::json)
                .toList();
        assertThat(bodies)
                .anySatisfy(body -> {
                    assertThat(body.get("event").asString()).isEqualTo("payment.partial");
                    assertThat(body.get("amount").asString()).isEqualTo("4.00");
                    assertThat(body.get("expectedAmount").asString()).isEqualTo("10.50");
                })
                .anySatisfy(body -> {
                    assertThat(body.get("event").asString()).isEqualTo("payment.confirmed");
                    assertThat(body.get("totalAmountPaid").asString()).isEqualTo("10.50");
                });
        assertThat(bodies.get(0).get("txHash").asString())
                .isNotEqualTo(bodies.get(1).get("txHash").asString());
    }

    @Test
    void aFailedPaymentMovesNoMoney() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode failed = json(post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}"));

        assertThat(failed.get("event").asString()).isEqualTo("payment.failed");
        assertThat(failed.get("payment").get("totalAmountPaid").asString()).isEqualTo("0");
        JsonNode body = awaitDeliveries(requestId, 1).get(0).json();
        assertThat(body.get("event").asString()).isEqualTo("payment.failed");
        assertThat(body.get("subStatus").asString()).isEqualTo("insufficient_funds");
        assertThat(json(get("/v2/request/" + requestId, "x-api-key", API_KEY))
                        .get("hasBeenPaid")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aFailingReceiverGetsRetriesWithTheSameDeliveryId() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, 500, 503);

        String deliveryId = json(post("/sandbox/payments/" + link.get("token").asString(), null))
                .get("deliveries")
                .get(0)
                .get("deliveryId")
                .asString();

        List<WebhookReceiver.Received> attempts = awaitDeliveries(requestId, 3);
        assertThat(attempts)
                .extracting(attempt -> attempt.header("x-request-network-delivery"))
                .containsOnly(deliveryId);
        assertThat(attempts)
                .extracting(attempt -> attempt.header("x-request-network-retry-count"))
                .containsExactly("0", "1", "2");
        assertThat(attempts)
                .extracting(attempt -> new String(attempt.body()))
                .containsOnly(new String(attempts.get(0).body()));
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void aDeliveryIsDroppedAfterItsFourthAttempt() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, 500, 500, 500, 500, 500);

        post("/sandbox/payments/" + link.get("token").asString(), null);

        awaitDeliveries(requestId, 4);
        await().during(Duration.ofMillis(800))
                .atMost(PATIENCE)
                .until(() -> RECEIVER.deliveriesFor(requestId).size() == 4);
        assertThat(RECEIVER.deliveriesFor(requestId))
                .extracting(attempt -> attempt.header("x-request-network-retry-count"))
                .containsExactly("0", "1", "2", "3");
    }

    @Test
    void aReceiverThatAnswersTooLateGetsARetry() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, WebhookReceiver.STALL);

        post("/sandbox/payments/" + link.get("token").asString(), null);

        List<WebhookReceiver.Received> attempts = awaitDeliveries(requestId, 2);
        assertThat(attempts.get(1).header("x-request-network-retry-count")).isEqualTo("1");
        assertThat(attempts.get(1).header("x-request-network-delivery"))
                .isEqualTo(attempts.get(0).header("x-request-network-delivery"));
    }

    @Test
    void eachPaymentIsItsOwnDelivery() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\"}");
        post("/sandbox/payments/" + token, null);

        assertThat(awaitDeliveries(requestId, 2))
                .extracting(attempt -> attempt.header("x-request-network-delivery"))
                .doesNotHaveDuplicates();
    }

    @Test
    void anUnknownTokenIsAProblem() {
        HttpResponse<String> response = post("/sandbox/payments/01KJRA0M9QG8MA4X887908T8A4", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(json(response).get("detail").asString()).contains("01KJRA0M9QG8MA4X887908T8A4");
    }

    @Test
    void anAmountThatContradictsTheOutcomeIsAProblem() {
        String token = createLink("10.50").get("token").asString();

        HttpResponse<String> tooLittle =
                post("/sandbox/payments/" + token, "{\"outcome\":\"confirmed\",\"amount\":\"5\"}");
        HttpResponse<String> tooMuch =
                post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"10.50\"}");
        HttpResponse<String> nonsense = post("/sandbox/payments/" + token, "{\"outcome\":\"refunded\"}");
        HttpResponse<String> notAnAmount = post("/sandbox/payments/" + token, "{\"amount\":\"ten\"}");

        for (HttpResponse<String> response : List.of(tooLittle, tooMuch, nonsense, notAnAmount)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        }
        assertThat(json(tooLittle).get("detail").asString()).contains("use outcome partial");
        assertThat(json(nonsense).get("detail").asString()).contains("confirmed, partial or failed");
    }

    private static List<WebhookReceiver.Received> awaitDeliveries(String requestId, int count) {
        await().atMost(PATIENCE).until(() -> RECEIVER.deliveriesFor(requestId).size() >= count);
        return RECEIVER.deliveriesFor(requestId);
    }
}

package io.payrecon.sandbox.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import io.payrecon.sandbox.RunningSandbox;
import io.payrecon.sandbox.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Simulated payments and the webhooks they deliver to a real local receiver: signed over the raw bytes, in the
 * provider's documented shapes with their {@code .client_id} and {@code .checkout} companions, retried on the
 * (shortened) provider schedule with one delivery id.
 */
class PaymentWebhookDeliveryIT extends RunningSandbox {

    @Test
    void aConfirmedPaymentDeliversASignedWebhookWithTheProvidersHeaders() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        HttpResponse<String> response = post("/sandbox/payments/" + token, null);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode summary = json(response);
        JsonNode core = summary.get("deliveries").get(0);
        String deliveryId = core.get("deliveryId").asString();
        assertThat(deliveryId).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(core.get("event").asString()).isEqualTo("payment.confirmed");
        assertThat(summary.get("event").asString()).isEqualTo("payment.confirmed");
        assertThat(summary.get("payment").get("amount").asString()).isEqualTo("10.50");

        WebhookReceiver.Received webhook = awaitEvent(requestId, "payment.confirmed");
        assertThat(webhook.header("content-type")).isEqualTo("application/json");
        assertThat(webhook.header("x-request-network-delivery")).isEqualTo(deliveryId);
        assertThat(webhook.header("x-request-network-retry-count")).isEqualTo("0");
        assertThat(webhook.header("x-request-network-test")).isNull();
        assertThat(webhook.header("x-request-network-signature")).matches("[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(
                        WEBHOOK_SECRET, webhook.body(), webhook.header("x-request-network-signature")))
                .isTrue();

        JsonNode body = webhook.json();
        assertThat(body.get("requestId").asString()).isEqualTo(requestId);
        assertThat(body.get("requestID").asString()).isEqualTo(requestId);
        assertThat(body.get("amount").asString()).isEqualTo("10.50");
        assertThat(body.get("totalAmountPaid").asString()).isEqualTo("10.50");
        assertThat(body.get("expectedAmount").asString()).isEqualTo("10.50");
        assertThat(body.get("txHash").asString())
                .matches("0x[0-9a-f]{64}")
                .isEqualTo(summary.get("payment").get("txHash").asString());
        assertThat(body.get("timestamp").asString())
                .isEqualTo(summary.get("payment").get("timestamp").asString())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
    }

    @Test
    void aLinkCreatedWithAnApiKeyGetsTheCheckoutVariantAsItsOwnDelivery() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode summary = json(post("/sandbox/payments/" + link.get("token").asString(), null));

        assertThat(summary.get("deliveries")
                        .valueStream()
                        .map(d -> d.get("event").asString()))
                .containsExactly("payment.confirmed", "payment.confirmed.checkout");
        WebhookReceiver.Received core = awaitEvent(requestId, "payment.confirmed");
        WebhookReceiver.Received checkout = awaitEvent(requestId, "payment.confirmed.checkout");
        assertThat(checkout.deliveryId()).isNotEqualTo(core.deliveryId());
        assertThat(checkout.json().get("reference").asString()).isEqualTo("order-1001");
        assertThat(checkout.json().get("txHash").asString())
                .isEqualTo(core.json().get("txHash").asString());
        assertThat(WebhookSignature.verify(
                        WEBHOOK_SECRET, checkout.body(), checkout.header("x-request-network-signature")))
                .isTrue();
        assertThat(RECEIVER.deliveriesFor(requestId))
                .noneMatch(delivery -> delivery.event().endsWith(".client_id"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"confirmed", "partial"})
    void aLinkCreatedWithAClientIdGetsTheClientIdAndCheckoutVariantsToo(String outcome) {
        JsonNode link = createLinkFrom(
                "{\"requests\":[{\"amount\":\"20\"}],\"reference\":\"order-77\"}",
                "x-client-id",
                FRONTEND_CLIENT_ID,
                "Origin",
                SHOP_ORIGIN);
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode summary = json(
                post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"%s\"}".formatted(outcome)));

        String event = "payment." + outcome;
        assertThat(summary.get("deliveries")
                        .valueStream()
                        .map(d -> d.get("event").asString()))
                .containsExactly(event, event + ".client_id", event + ".checkout");
        assertThat(summary.get("deliveries")
                        .valueStream()
                        .map(d -> d.get("deliveryId").asString()))
                .doesNotHaveDuplicates();
        JsonNode clientId = awaitEvent(requestId, event + ".client_id").json();
        assertThat(clientId.get("clientId").asString()).isEqualTo(FRONTEND_CLIENT_ID);
        assertThat(clientId.get("origin").asString()).isEqualTo(SHOP_ORIGIN);
        assertThat(clientId.get("payee").asString()).isEqualTo("0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7");
        assertThat(awaitEvent(requestId, event + ".checkout")
                        .json()
                        .get("reference")
                        .asString())
                .isEqualTo("order-77");
        assertThat(awaitDeliveries(requestId, 3)).hasSize(3);
    }

    @Test
    void webhookBodiesHaveTheFieldsOfTheProvidersDocumentedShapes() {
        JsonNode link =
                createLinkFrom("{\"requests\":[{\"amount\":\"100.0\"}],\"reference\":\"order-1\"}", clientIdHeaders());
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"failed\"}");
        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\",\"amount\":\"50.0\"}");
        post("/sandbox/payments/" + token, "{\"outcome\":\"confirmed\"}");
        post("/sandbox/payments/" + token + "/refund", "{\"amount\":\"100.0\"}");

        List<String> events = List.of(
                "payment.failed",
                "payment.partial",
                "payment.confirmed",
                "payment.confirmed.client_id",
                "payment.confirmed.checkout",
                "payment.refunded");
        for (String event : events) {
            JsonNode body = awaitEvent(requestId, event).json();
            JsonNode fixture = JSON.readTree(WebhookFixtures.body(event + ".json"));
            assertThat(body.propertyNames()).as(event).containsExactlyElementsOf(fixture.propertyNames());
        }
        JsonNode refund = awaitEvent(requestId, "payment.refunded").json();
        assertThat(refund.get("refundAmount").asString()).isEqualTo("100.0");
        assertThat(refund.get("refundedTo").asString()).isEqualTo("0x92fc3406fc6bb7a76ac63b2e8b9d02b1b9c3e4d5");
        assertThat(awaitEvent(requestId, "payment.confirmed.client_id")
                        .json()
                        .get("origin")
                        .asString())
                .as("the Origin the creating call sent")
                .isEqualTo(BACKEND_ORIGIN);
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
        JsonNode partialBody = awaitEvent(requestId, "payment.partial").json();
        JsonNode confirmedBody = awaitEvent(requestId, "payment.confirmed").json();
        assertThat(partialBody.get("amount").asString()).isEqualTo("4.00");
        assertThat(partialBody.get("expectedAmount").asString()).isEqualTo("10.50");
        assertThat(confirmedBody.get("totalAmountPaid").asString()).isEqualTo("10.50");
        assertThat(partialBody.get("txHash").asString())
                .isNotEqualTo(confirmedBody.get("txHash").asString());
    }

    @Test
    void aFailedPaymentMovesNoMoneyAndHasOnlyTheCoreEvent() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        JsonNode failed = json(post(
                "/sandbox/payments/" + link.get("token").asString(),
                "{\"outcome\":\"failed\",\"subStatus\":\"execution_reverted\"}"));

        assertThat(failed.get("event").asString()).isEqualTo("payment.failed");
        assertThat(failed.get("deliveries")).hasSize(1);
        assertThat(failed.get("payment").get("totalAmountPaid").asString()).isEqualTo("0");
        JsonNode body = awaitEvent(requestId, "payment.failed").json();
        assertThat(body.get("subStatus").asString()).isEqualTo("execution_reverted");
        assertThat(json(get("/v2/request/" + requestId, "x-api-key", API_KEY))
                        .get("hasBeenPaid")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void aRefundDeliversPaymentRefundedForWhatWasPaid() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();
        post("/sandbox/payments/" + token, null);

        HttpResponse<String> refund = post("/sandbox/payments/" + token + "/refund", "{\"amount\":\"2.50\"}");

        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(202);
        assertThat(json(refund).get("event").asString()).isEqualTo("payment.refunded");
        JsonNode body = awaitEvent(requestId, "payment.refunded").json();
        assertThat(body.get("refundAmount").asString()).isEqualTo("2.50");
        assertThat(body.get("currency").asString()).isEqualTo("FAU");
        HttpResponse<String> tooMuch = post("/sandbox/payments/" + token + "/refund", "{\"amount\":\"9\"}");
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(json(tooMuch).get("detail").asString()).contains("at most 8.00");
        assertThat(post("/sandbox/payments/" + token + "/refund", null).statusCode())
                .isEqualTo(202);
        assertThat(json(get("/v2/request/" + requestId, "x-api-key", API_KEY))
                        .get("status")
                        .asString())
                .isEqualTo("refunded");
    }

    @Test
    void refundingAnUnpaidLinkIsAProblem() {
        String token = createLink("10.50").get("token").asString();

        HttpResponse<String> refund = post("/sandbox/payments/" + token + "/refund", null);

        assertThat(refund.statusCode()).isEqualTo(400);
        assertThat(refund.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(json(refund).get("detail").asString()).contains("nothing to refund");
    }

    @Test
    void aFailingReceiverGetsRetriesWithTheSameDeliveryId() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, "payment.confirmed", 500, 503);

        String deliveryId = json(post("/sandbox/payments/" + link.get("token").asString(), null))
                .get("deliveries")
                .get(0)
                .get("deliveryId")
                .asString();

        await().atMost(PATIENCE)
                .until(() ->
                        RECEIVER.deliveriesFor(requestId, "payment.confirmed").size() >= 3);
        List<WebhookReceiver.Received> attempts = RECEIVER.deliveriesFor(requestId, "payment.confirmed");
        assertThat(attempts).extracting(WebhookReceiver.Received::deliveryId).containsOnly(deliveryId);
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
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(deliveryLog(requestId))
                        .filteredOn(delivery ->
                                delivery.get("deliveryId").asString().equals(deliveryId))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status").asString()).isEqualTo("delivered");
                            assertThat(delivery.get("attempts")
                                            .valueStream()
                                            .map(a -> a.get("outcome").asString()))
                                    .containsExactly("HTTP 500", "HTTP 503", "HTTP 200");
                        }));
    }

    @Test
    void aDeliveryIsDroppedAfterItsFourthAttempt() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, "payment.failed", 500, 500, 500, 500, 500);

        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(deliveryLog(requestId))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status").asString()).isEqualTo("failed");
                            assertThat(delivery.get("attempts")).hasSize(4);
                        }));
        assertThat(RECEIVER.deliveriesFor(requestId))
                .extracting(attempt -> attempt.header("x-request-network-retry-count"))
                .containsExactly("0", "1", "2", "3");
    }

    @Test
    void aReceiverThatAnswersTooLateGetsARetry() {
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        RECEIVER.script(requestId, "payment.failed", WebhookReceiver.STALL);

        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        List<WebhookReceiver.Received> attempts = awaitDeliveries(requestId, 2);
        assertThat(attempts.get(1).header("x-request-network-retry-count")).isEqualTo("1");
        assertThat(attempts.get(1).deliveryId()).isEqualTo(attempts.get(0).deliveryId());
        assertThat(deliveryLog(requestId)
                        .get(0)
                        .get("attempts")
                        .get(0)
                        .get("outcome")
                        .asString())
                .isEqualTo("timed out");
    }

    @Test
    void eachPaymentIsItsOwnDelivery() {
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\"}");
        post("/sandbox/payments/" + token, null);

        assertThat(awaitDeliveries(requestId, 4))
                .extracting(WebhookReceiver.Received::deliveryId)
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

    @Test
    void theControlPaysAnExpiredLinkSoLatePaymentsCanBeTested() {
        JsonNode link = createLink("10.50");
        post("/sandbox/clock", "{\"advance\":\"P8D\"}");

        HttpResponse<String> late =
                post("/sandbox/payments/" + link.get("token").asString(), null);

        assertThat(late.statusCode()).isEqualTo(202);
        assertThat(json(late).get("event").asString()).isEqualTo("payment.confirmed");
    }
}

package io.payrecon.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.sandbox.RunningSandbox;
import io.payrecon.sandbox.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Delivery faults: the sandbox duplicates, reorders, delays or drops webhooks on demand. */
class DeliveryFaultIT extends RunningSandbox {

    @Test
    void duplicateSameIdSendsEachDeliveryAgainAsARetryWithTheSameId() {
        faults("{\"delivery\":{\"duplicate\":\"same-id\"}}");
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        List<WebhookReceiver.Received> attempts = awaitDeliveries(requestId, 2);
        assertThat(attempts)
                .extracting(WebhookReceiver.Received::deliveryId)
                .containsOnly(attempts.get(0).deliveryId());
        assertThat(attempts)
                .extracting(attempt -> attempt.header("x-request-network-retry-count"))
                .containsExactly("0", "1");
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
    }

    @Test
    void duplicateNewIdSendsASecondDeliveryWithItsOwnId() {
        faults("{\"delivery\":{\"duplicate\":\"new-id\"}}");
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        List<WebhookReceiver.Received> attempts = awaitDeliveries(requestId, 2);
        assertThat(attempts).extracting(WebhookReceiver.Received::deliveryId).doesNotHaveDuplicates();
        assertThat(attempts)
                .extracting(attempt -> attempt.header("x-request-network-retry-count"))
                .containsExactly("0", "0");
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(deliveryLog(requestId))
                        .anySatisfy(delivery -> assertThat(
                                        delivery.get("duplicateOf").asString())
                                .isEqualTo(attempts.get(0).deliveryId())));
    }

    @Test
    void reorderHoldsABatchAndDeliversItNewestFirst() {
        faults("{\"delivery\":{\"reorder\":3}}");
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\"}");
        assertThat(json(get("/sandbox/faults")).get("delivery").get("held").asInt())
                .isEqualTo(2);
        assertThat(deliveryLog(requestId))
                .allSatisfy(d -> assertThat(d.get("status").asString()).isEqualTo("held"));
        post("/sandbox/payments/" + token, "{\"outcome\":\"failed\"}");

        assertThat(awaitDeliveries(requestId, 3))
                .extracting(WebhookReceiver.Received::event)
                .containsExactly("payment.failed", "payment.partial.checkout", "payment.partial");
    }

    @Test
    void resettingTheFaultsReleasesWhatTheReorderFaultHolds() {
        faults("{\"delivery\":{\"reorder\":5}}");
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();
        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        delete("/sandbox/faults");

        assertThat(awaitDeliveries(requestId, 1))
                .extracting(WebhookReceiver.Received::event)
                .containsExactly("payment.failed");
    }

    @Test
    void delayPostponesTheFirstAttempt() {
        faults("{\"delivery\":{\"delay\":\"700ms\"}}");
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + link.get("token").asString(), "{\"outcome\":\"failed\"}");

        awaitDeliveries(requestId, 1);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(deliveryLog(requestId))
                        .singleElement()
                        .satisfies(delivery -> {
                            Instant created =
                                    Instant.parse(delivery.get("createdAt").asString());
                            Instant attempted = Instant.parse(
                                    delivery.get("attempts").get(0).get("at").asString());
                            assertThat(Duration.between(created, attempted))
                                    .isGreaterThanOrEqualTo(Duration.ofMillis(690));
                            assertThat(delivery.get("faults").valueStream().map(JsonNode::asString))
                                    .containsExactly("delay:PT0.7S");
                        }));
    }

    @Test
    void dropNDropsTheNextNDeliveriesAndNoMore() {
        faults("{\"delivery\":{\"drop\":1}}");
        JsonNode link = createLink("10.50");
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + link.get("token").asString(), null);

        assertThat(awaitEvent(requestId, "payment.confirmed.checkout")).isNotNull();
        List<JsonNode> log = deliveryLog(requestId);
        assertThat(log.get(0).get("event").asString()).isEqualTo("payment.confirmed");
        assertThat(log.get(0).get("status").asString()).isEqualTo("dropped");
        assertThat(log.get(0).get("attempts")).isEmpty();
        assertThat(RECEIVER.deliveriesFor(requestId, "payment.confirmed")).isEmpty();
        assertThat(json(get("/sandbox/faults")).get("delivery").get("drop").asInt())
                .isZero();
    }

    @Test
    void dropAllDropsEverythingUntilReset() {
        faults("{\"delivery\":{\"drop\":\"all\"}}");
        JsonNode link = createLink("10.50");
        String token = link.get("token").asString();
        String requestId = link.get("requestIds").get(0).asString();

        post("/sandbox/payments/" + token, "{\"outcome\":\"partial\"}");
        delete("/sandbox/faults");
        post("/sandbox/payments/" + token, "{\"outcome\":\"failed\"}");

        awaitEvent(requestId, "payment.failed");
        assertThat(RECEIVER.deliveriesFor(requestId))
                .extracting(WebhookReceiver.Received::event)
                .containsExactly("payment.failed");
        assertThat(deliveryLog(requestId))
                .extracting(delivery -> delivery.get("status").asString())
                .startsWith("dropped", "dropped");
    }

    @Test
    void theFaultsInForceAreShownAndAMistakeIsAProblem() {
        JsonNode shown =
                json(faults("{\"delivery\":{\"duplicate\":\"new-id\",\"reorder\":2,\"delay\":\"PT1S\",\"drop\":3}}"));

        assertThat(shown.get("delivery").toString())
                .isEqualTo("{\"duplicate\":\"new-id\",\"reorder\":2,\"held\":0,\"delay\":\"PT1S\",\"drop\":3}");
        assertThat(json(get("/sandbox/faults")).get("delivery")).isEqualTo(shown.get("delivery"));
        for (String wrong : new String[] {
            "{\"delivery\":{\"duplicate\":\"twice\"}}",
            "{\"delivery\":{\"drop\":\"some\"}}",
            "{\"delivery\":{\"delay\":\"soon\"}}",
            "{}"
        }) {
            HttpResponse<String> response = post("/sandbox/faults", wrong);
            assertThat(response.statusCode()).as(wrong).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        }
        JsonNode reset = json(delete("/sandbox/faults"));
        assertThat(reset.get("delivery").get("duplicate").asString()).isEqualTo("none");
        assertThat(reset.get("api").isNull()).isTrue();
    }

    private HttpResponse<String> faults(String body) {
        HttpResponse<String> response = post("/sandbox/faults", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}

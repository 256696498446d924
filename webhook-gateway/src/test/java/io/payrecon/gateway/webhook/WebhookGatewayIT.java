package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.payrecon.events.WebhookReceived;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.requestclient.DeliveryIds;
import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookGatewayIT extends RunningGateway {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 64 * 1024;

    @Autowired
    MeterRegistry meters;

    static List<String> providerFixtures() {
        List<String> fixtures = WebhookFixtures.names();
        assertThat(fixtures).as("the provider's webhook fixtures").hasSizeGreaterThan(10);
        return fixtures;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providerFixtures")
    void everyProviderFixtureIsAppendedByteForByteKeyedByItsRequestId(String fixture) {
        byte[] body = fixture(fixture);
        JsonNode sent = JSON.readTree(body);
        String requestId = sent.has("requestId")
                ? sent.get("requestId").asString()
                : sent.has("requestID") ? sent.get("requestID").asString() : null;
        String deliveryId = newDeliveryId();

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> response = postSigned(body, deliveryId);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("deliveryId").asString())
                    .isEqualTo(deliveryId);
            ConsumerRecord<String, byte[]> record = topic.awaitDelivery(deliveryId);
            WebhookReceived event = WebhookTopic.event(record);
            assertThat(event.body()).isEqualTo(body);
            assertThat(record.key()).isEqualTo(requestId != null ? requestId : deliveryId);
            assertThat(event.requestId()).isEqualTo(requestId);
            assertThat(event.event()).isEqualTo(sent.get("event").asString());
            assertThat(event.test()).isFalse();
            assertThat(event.secretId()).isEqualTo(WebhookSignature.secretId(SECRET));
            assertThat(WebhookTopic.header(record, "ce_type")).isEqualTo("webhook.received");
            assertThat(WebhookTopic.header(record, "ce_source")).isEqualTo("/webhook-gateway");
            assertThat(WebhookTopic.header(record, "ce_id"))
                    .isEqualTo(event.eventId().toString());
            assertThat(topic.recordsOf(deliveryId)).hasSize(1);
        }
    }

    @Test
    void documentedTestVectorSignatureIsAccepted() {
        byte[] body = fixture("test-vector-body.json");
        Map<String, String> headers = signed(body, SECRET, newDeliveryId());
        headers.put("x-request-network-signature", SignatureVerifierTest.VECTOR_SIGNATURE);

        assertThat(post(body, headers).statusCode()).isEqualTo(200);
    }

    @Test
    void deliverySignedWithTheRotatedSecretIsAcceptedAndNamesThatSecret() {
        byte[] body = fixture("payment.partial.json");
        String deliveryId = newDeliveryId();

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> response = post(body, signed(body, ROTATED_SECRET, deliveryId));

            assertThat(response.statusCode()).isEqualTo(200);
            WebhookReceived event = WebhookTopic.event(topic.awaitDelivery(deliveryId));
            assertThat(event.secretId())
                    .isEqualTo(WebhookSignature.secretId(ROTATED_SECRET))
                    .isNotEqualTo(WebhookSignature.secretId(SECRET));
        }
    }

    @Test
    void wrongSignatureIsRefusedWithoutRevealingAnySecretAndNothingIsAppended() {
        byte[] body = fixture("payment.confirmed.json");
        String refused = newDeliveryId();
        String forged = WebhookSignature.sign("a-guessed-secret", body);
        Map<String, String> headers = signed(body, SECRET, refused);
        headers.put("x-request-network-signature", forged);

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> response = post(body, headers);

            assertThat(response.statusCode()).isEqualTo(401);
            assertProblem(response);
            assertThat(response.body())
                    .doesNotContain(SECRET)
                    .doesNotContain(ROTATED_SECRET)
                    .doesNotContain(forged)
                    .doesNotContain(WebhookSignature.sign(SECRET, body))
                    .doesNotContain(WebhookSignature.sign(ROTATED_SECRET, body));
            // Same body, same key, same partition: once this one is there, the refused one would be before it.
            String marker = newDeliveryId();
            assertThat(postSigned(body, marker).statusCode()).isEqualTo(200);
            topic.awaitDelivery(marker);
            assertThat(topic.deliveryIds()).contains(marker).doesNotContain(refused);
        }
    }

    @Test
    void missingSignatureIsRefused() {
        byte[] body = fixture("payment.confirmed.json");
        Map<String, String> headers = signed(body, SECRET, newDeliveryId());
        headers.remove("x-request-network-signature");

        HttpResponse<String> response = post(body, headers);

        assertThat(response.statusCode()).isEqualTo(401);
        assertProblem(response);
    }

    @Test
    void bodyAtTheLimitIsAccepted() {
        byte[] body = paddedJson(LIMIT);

        assertThat(postSigned(body, newDeliveryId()).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        byte[] body = paddedJson(LIMIT + 1);

        HttpResponse<String> response = postSigned(body, newDeliveryId());

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() {
        byte[] body = paddedJson(1024 * 1024);
        HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        HttpResponse<String> response = post(chunked, signed(body, SECRET, newDeliveryId()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response);
    }

    @Test
    void nonJsonContentTypeIsRefusedWith415() {
        byte[] body = fixture("payment.confirmed.json");
        Map<String, String> headers = signed(body, SECRET, newDeliveryId());
        headers.put("Content-Type", "text/plain");

        HttpResponse<String> response = post(body, headers);

        assertThat(response.statusCode()).isEqualTo(415);
        assertProblem(response);
        headers.remove("Content-Type");
        assertThat(post(body, headers).statusCode()).isEqualTo(415);
    }

    @Test
    void getIsNotAllowed() {
        HttpResponse<String> response = get(WebhookController.PATH);

        assertThat(response.statusCode()).isEqualTo(405);
        assertProblem(response);
    }

    @Test
    void signedBodyThatIsNotJsonIsStillAppendedWithoutFields() {
        byte[] body =
                ("not json {\"event\":\"payment.confirmed\", " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String deliveryId = newDeliveryId();

        try (WebhookTopic topic = openWebhookTopic()) {
            assertThat(postSigned(body, deliveryId).statusCode()).isEqualTo(200);

            ConsumerRecord<String, byte[]> record = topic.awaitDelivery(deliveryId);
            WebhookReceived event = WebhookTopic.event(record);
            assertThat(event.event()).isNull();
            assertThat(event.requestId()).isNull();
            assertThat(record.key()).isEqualTo(deliveryId);
            assertThat(event.body()).isEqualTo(body);
        }
    }

    @Test
    void deliveryWithoutAnIdGetsOneDerivedFromItsBodyTheSameEachTime() throws Exception {
        byte[] body = ("{\"event\":\"payment.confirmed\",\"requestId\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String expectedId = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> first = postSigned(body, null);
            HttpResponse<String> second = postSigned(body, null);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(first.body()).get("deliveryId").asString()).isEqualTo(expectedId);
            assertThat(JSON.readTree(second.body()).get("deliveryId").asString())
                    .isEqualTo(expectedId);
            topic.awaitDelivery(expectedId);
            await().untilAsserted(() -> {
                topic.poll();
                assertThat(topic.recordsOf(expectedId)).hasSize(2);
            });
        }
    }

    @Test
    void deliveryWithAFourThousandCharacterIdIsArchivedUnderAShortIdDerivedFromItWithTheHeaderKept() {
        byte[] body = fixture("payment.confirmed.json");
        String hugeId = "01" + "X".repeat(3998);
        String expectedId = DeliveryIds.safe(hugeId);

        try (WebhookTopic topic = openWebhookTopic()) {
            HttpResponse<String> response = postSigned(body, hugeId);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("deliveryId").asString())
                    .isEqualTo(expectedId)
                    .startsWith(DeliveryIds.FROM_HEADER)
                    .hasSizeLessThanOrEqualTo(DeliveryIds.MAX_LENGTH);
            WebhookReceived event = WebhookTopic.event(topic.awaitDelivery(expectedId));
            assertThat(event.deliveryId()).isEqualTo(expectedId);
            assertThat(event.headers()).containsEntry("x-request-network-delivery", hugeId);
        }
    }

    @Test
    void testDeliveryIsFlaggedAndKeepsTheProviderHeaders() {
        byte[] body = fixture("test-vector-body.json");
        String deliveryId = newDeliveryId();
        Map<String, String> headers = signed(body, SECRET, deliveryId);
        headers.put("X-Request-Network-Test", "true");
        headers.put("x-request-network-retry-count", "2");
        headers.put("User-Agent", "provider/1.0");

        try (WebhookTopic topic = openWebhookTopic()) {
            assertThat(post(body, headers).statusCode()).isEqualTo(200);

            WebhookReceived event = WebhookTopic.event(topic.awaitDelivery(deliveryId));
            assertThat(event.test()).isTrue();
            assertThat(event.retryCount()).isEqualTo(2);
            assertThat(event.requestId()).isEqualTo("req_test123456789abcdef");
            assertThat(event.headers())
                    .containsEntry("x-request-network-test", "true")
                    .containsEntry("x-request-network-delivery", deliveryId)
                    .containsEntry("x-request-network-retry-count", "2")
                    .containsEntry("content-type", "application/json")
                    .containsKey("x-request-network-signature")
                    .doesNotContainKey("user-agent");
        }
    }

    @Test
    void everyOutcomeIsCountedAndTimedAndExportedForPrometheus() {
        byte[] body = fixture("payment.failed.json");
        Map<String, Double> before = receivedCounts();
        long timedBefore = meters.get("webhooks.ingest").timers().stream()
                .mapToLong(timer -> timer.count())
                .sum();

        postSigned(body, newDeliveryId());
        Map<String, String> forged = signed(body, "a-guessed-secret", newDeliveryId());
        post(body, forged);
        postSigned(paddedJson(LIMIT + 1), newDeliveryId());
        Map<String, String> plain = signed(body, SECRET, newDeliveryId());
        plain.put("Content-Type", "text/plain");
        post(body, plain);

        Map<String, Double> after = receivedCounts();
        for (String outcome : List.of("accepted", "bad_signature", "too_large", "unsupported_type")) {
            assertThat(after.get(outcome) - before.get(outcome)).as(outcome).isEqualTo(1.0);
        }
        assertThat(after.get("broker_unavailable")).isEqualTo(before.get("broker_unavailable"));
        assertThat(meters.get("webhooks.ingest").timers().stream()
                        .mapToLong(timer -> timer.count())
                        .sum())
                .isEqualTo(timedBefore + 4);
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("webhooks_received_total{outcome=\"accepted\"}")
                .contains("webhooks_received_total{outcome=\"broker_unavailable\"}")
                .contains("webhooks_ingest_seconds_count{outcome=\"accepted\"}");
    }

    @Test
    void readinessIncludesTheBroker() {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(readiness.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("broker").get("status").asString())
                .isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private Map<String, Double> receivedCounts() {
        return Stream.of(WebhookMetrics.Outcome.values())
                .collect(Collectors.toMap(
                        WebhookMetrics.Outcome::tag,
                        outcome -> meters.get("webhooks.received")
                                .tag("outcome", outcome.tag())
                                .counter()
                                .count()));
    }

    /** A JSON object of exactly {@code size} bytes. */
    private static byte[] paddedJson(int size) {
        byte[] start = "{\"event\":\"padding\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (response.statusCode() == 405) {
            // An error of HTTP itself, answered by Spring: no type (about:blank).
            assertThat(problem.has("type")).as(response.body()).isFalse();
        } else {
            // The gateway's own refusals have a type of docs/problems.md, of the status answered.
            assertThat(Arrays.stream(ProblemType.values())
                            .filter(type -> type.uri()
                                    .toString()
                                    .equals(problem.path("type").asString())))
                    .as("the type of " + response.body())
                    .singleElement()
                    .satisfies(type -> assertThat(type.status().value()).isEqualTo(response.statusCode()));
        }
    }
}

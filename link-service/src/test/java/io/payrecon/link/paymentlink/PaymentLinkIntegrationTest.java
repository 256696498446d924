package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Topics;
import io.payrecon.link.FakeProvider;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentLinkIntegrationTest {

    private static final String API_KEY = "link-service-test-key";
    private static final FakeProvider PROVIDER = new FakeProvider();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        stack.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("links.api-keys", () -> "another-key, " + API_KEY);
        registry.add("links.public-url", () -> "https://links.example.com/");
        registry.add("request.base-url", () -> PROVIDER.baseUrl().toString());
        registry.add("request.api-key", () -> FakeProvider.API_KEY);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void createStoresTheLinkAndPublishesPaymentLinkCreated() {
        String orderId = newOrderId();
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "%s", "amount": "10.50", "payee": "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7",
                 "invoiceCurrency": "USD", "paymentCurrency": "USDC-base", "payerIdentifier": "payer@example.com",
                 "redirectUrl": "https://shop.example.com/thanks", "redirectLabel": "Back to the shop",
                 "metadata": {"cart": "42"}}
                """.formatted(orderId));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/payment-links/" + orderId);
        JsonNode body = JSON.readTree(response.body());
        String token = body.path("token").asString();
        assertThat(body.path("orderId").asString()).isEqualTo(orderId);
        assertThat(body.path("securePaymentUrl").asString()).isEqualTo("https://pay.request.network/?token=" + token);
        assertThat(body.path("payUrl").asString()).isEqualTo("https://links.example.com/pay/" + orderId);
        assertThat(body.path("requestIds")).hasSize(1);
        assertThat(body.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(body.path("amount").asString()).isEqualTo("10.50");
        Instant createdAt = Instant.parse(body.path("createdAt").asString());
        assertThat(createdAt).isAfter(before);
        assertThat(Instant.parse(body.path("expiresAt").asString())).isEqualTo(createdAt.plus(Duration.ofDays(7)));

        FakeProvider.Call call = PROVIDER.createsFor(orderId).get(0);
        assertThat(call.headers()).containsEntry("x-api-key", FakeProvider.API_KEY);
        assertThat(call.body().path("requests").get(0).path("amount").asString())
                .isEqualTo("10.50");
        assertThat(call.body().path("requests").get(0).path("invoiceCurrency").asString())
                .isEqualTo("USD");
        assertThat(call.body().path("payerIdentifier").asString()).isEqualTo("payer@example.com");
        assertThat(call.body().path("redirectLabel").asString()).isEqualTo("Back to the shop");

        Map<String, Object> row =
                jdbc.sql("""
                        SELECT l.token, l.amount, l.fee_plan::text AS fee_plan, o.reference, o.payee,
                               o.invoice_currency, o.metadata::text AS metadata, l.expires_at - l.created_at AS validity
                        FROM payment_link l JOIN payment_order o USING (order_id)
                        WHERE l.order_id = :orderId
                        """).param("orderId", orderId).query().singleRow();
        assertThat(row)
                .containsEntry("token", token)
                .containsEntry("amount", new BigDecimal("10.50"))
                .containsEntry("reference", orderId)
                .containsEntry("invoice_currency", "USD");
        assertThat(row.get("fee_plan").toString()).contains("feePercentage");
        assertThat(row.get("metadata").toString()).contains("\"cart\": \"42\"");

        ConsumerRecord<String, byte[]> record = linkEvent(orderId);
        PaymentLinkCreated event = (PaymentLinkCreated) EventCodec.read(record.value(), LinkEvent.class);
        assertThat(event.orderId()).isEqualTo(orderId);
        assertThat(event.token()).isEqualTo(token);
        assertThat(event.requestIds())
                .containsExactly(body.path("requestIds").get(0).asString());
        assertThat(event.amount()).isEqualTo(new BigDecimal("10.50"));
        assertThat(event.currency()).isEqualTo("USD");
        assertThat(event.reference()).isEqualTo(orderId);
        assertThat(event.securePaymentUrl())
                .isEqualTo(body.path("securePaymentUrl").asString());
        assertThat(event.createdAt()).isEqualTo(createdAt);
        assertThat(event.expiresAt()).isEqualTo(createdAt.plus(Duration.ofDays(7)));
        assertThat(new String(
                        record.headers().lastHeader(CloudEventHeaders.SOURCE).value(), StandardCharsets.UTF_8))
                .isEqualTo("/link-service");
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(event.eventId().toString());
    }

    @Test
    void repeatedCreateAnswersTheExistingLinkWithoutCallingTheProviderAgain() {
        String orderId = newOrderId();
        String request = """
                {"orderId": "%s", "amount": "25"}
                """.formatted(orderId);

        HttpResponse<String> first = post(API_KEY, request);
        HttpResponse<String> second = post(API_KEY, """
                {"orderId": "%s", "amount": "25.00", "metadata": {"attempt": "2"}}
                """.formatted(orderId));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("token").asString())
                .isEqualTo(JSON.readTree(first.body()).path("token").asString());
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    @Test
    void concurrentCreatesForOneOrderMakeOneProviderLink() {
        String orderId = newOrderId();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"7.25\"}");
                }))
                .toList();
        start.countDown();

        List<Integer> statuses = responses.stream()
                .map(CompletableFuture::join)
                .map(HttpResponse::statusCode)
                .toList();
        assertThat(statuses)
                .containsOnly(200, 201)
                .filteredOn(status -> status == 201)
                .hasSize(1);
        assertThat(responses.stream()
                        .map(CompletableFuture::join)
                        .map(response ->
                                JSON.readTree(response.body()).path("token").asString())
                        .distinct())
                .hasSize(1);
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    @Test
    void createWithAnotherAmountForAnExistingOrderIsAConflict() {
        String orderId = newOrderId();
        assertThat(post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"10\"}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> response = post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"11\"}");

        assertProblem(response, 409);
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .contains(orderId)
                .contains("amount 11")
                .contains("10");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    @Test
    void requestsWithoutAnAcceptedApiKeyAreUnauthorized() {
        String orderId = newOrderId();
        String request = "{\"orderId\": \"" + orderId + "\", \"amount\": \"10\"}";

        HttpResponse<String> missing = post(null, request);
        HttpResponse<String> wrong = post("not-the-key", request);
        HttpResponse<String> read = get("/api/payment-links/" + orderId, "not-the-key");

        assertProblem(missing, 401);
        assertThat(JSON.readTree(missing.body()).path("detail").asString()).contains("X-Api-Key");
        assertProblem(wrong, 401);
        assertProblem(read, 401);
        assertThat(PROVIDER.createsFor(orderId)).isEmpty();
    }

    @Test
    void invalidRequestListsEveryBadFieldAndWhy() {
        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "no spaces allowed", "amount": "-3", "destinationId": "not-a-destination",
                 "payee": "0xabc", "redirectLabel": "Back", "reference": ""}
                """);

        assertProblem(response, 400);
        JsonNode errors = JSON.readTree(response.body()).path("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(error -> {
            fields.add(error.path("field").asString());
            assertThat(error.path("message").asString()).isNotBlank();
        });
        assertThat(fields).contains("orderId", "amount", "destinationId", "reference", "redirectLabel");
    }

    @Test
    void missingRequiredFieldsAreListed() {
        HttpResponse<String> response = post(API_KEY, "{}");

        assertProblem(response, 400);
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("orderId", "amount");
    }

    @Test
    void bodyThatIsNotTheExpectedJsonIsABadRequestNamingTheField() {
        HttpResponse<String> notJson = post(API_KEY, "orderId=1&amount=2");
        HttpResponse<String> wrongType = post(API_KEY, """
                {"orderId": "%s", "amount": "1", "metadata": ["not", "an", "object"]}
                """.formatted(newOrderId()));

        assertProblem(notJson, 400);
        assertProblem(wrongType, 400);
        assertThat(JSON.readTree(wrongType.body()).path("errors").findValuesAsString("field"))
                .containsExactly("metadata");
    }

    @Test
    void providerRejectionIsUnprocessableWithTheProvidersMessage() {
        String orderId = newOrderId();
        PROVIDER.answer(orderId, 400, """
                {"statusCode":400,"message":["requests.0.amount must be a positive number"],"error":"Bad Request"}
                """);

        HttpResponse<String> response = post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"10\"}");

        assertProblem(response, 422);
        assertThat(JSON.readTree(response.body()).path("detail").asString())
                .contains("requests.0.amount must be a positive number");
        assertThat(countLinks(orderId)).isZero();
        assertThat(get("/api/payment-links/" + orderId, API_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void providerCredentialAndRateLimitFailuresAreGatewayProblemsWithoutSecrets() {
        String unauthorized = newOrderId();
        PROVIDER.answer(unauthorized, 401, "{\"message\":\"Invalid API key " + FakeProvider.API_KEY + "\"}");
        String limited = newOrderId();
        PROVIDER.answer(limited, 429, "{\"message\":\"Too many requests\"}");

        HttpResponse<String> rejected = post(API_KEY, "{\"orderId\": \"" + unauthorized + "\", \"amount\": \"1\"}");
        HttpResponse<String> throttled = post(API_KEY, "{\"orderId\": \"" + limited + "\", \"amount\": \"1\"}");

        assertProblem(rejected, 502);
        assertThat(rejected.body()).contains("REQUEST_API_KEY").doesNotContain(FakeProvider.API_KEY);
        assertProblem(throttled, 503);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // Nothing was stored, so the order can be created once the provider accepts it.
        assertThat(post(API_KEY, "{\"orderId\": \"" + limited + "\", \"amount\": \"2\"}")
                        .statusCode())
                .isEqualTo(503);
    }

    @Test
    void getAnswersTheOrdersCurrentLinkAndUnknownOrdersAreNotFound() {
        String orderId = newOrderId();
        String token = JSON.readTree(post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"3.10\"}")
                        .body())
                .path("token")
                .asString();

        HttpResponse<String> found = get("/api/payment-links/" + orderId, API_KEY);
        HttpResponse<String> unknown = get("/api/payment-links/" + newOrderId(), API_KEY);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).path("token").asString()).isEqualTo(token);
        assertThat(JSON.readTree(found.body()).path("amount").asString()).isEqualTo("3.10");
        assertProblem(unknown, 404);
    }

    @Test
    void payRedirectsToTheSecurePaymentPageWithoutAnApiKey() {
        String orderId = newOrderId();
        String securePaymentUrl = JSON.readTree(post(API_KEY, "{\"orderId\": \"" + orderId + "\", \"amount\": \"9\"}")
                        .body())
                .path("securePaymentUrl")
                .asString();

        HttpResponse<String> redirect = get("/pay/" + orderId, null);
        HttpResponse<String> unknown = get("/pay/" + newOrderId(), null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue(securePaymentUrl);
        assertProblem(unknown, 404);
    }

    @Test
    void healthAndPrometheusAreExposed() {
        HttpResponse<String> health = get("/actuator/health", null);
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("outbox_backlog");
    }

    private int countLinks(String orderId) {
        return jdbc.sql("SELECT count(*) FROM payment_link WHERE order_id = :orderId")
                .param("orderId", orderId)
                .query(Integer.class)
                .single();
    }

    private static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    private HttpResponse<String> post(String apiKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/payment-links"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, apiKey);
    }

    private HttpResponse<String> get(String path, String apiKey) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), apiKey);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String apiKey) {
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot call link-service", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The link event of an order, read from the beginning of the topic. */
    private static ConsumerRecord<String, byte[]> linkEvent(String orderId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevStack.shared().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LINK_EVENTS).stream()
                    .map(info -> new TopicPartition(Topics.LINK_EVENTS, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (orderId.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}

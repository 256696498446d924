package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler against the real Kafka broker and PostgreSQL of devstack: records are produced to the topics as
 * link-service and webhook-gateway would, and outcomes are observed through the HTTP API and by consuming
 * {@code orders.payment-status.v1}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "reconciler.api-keys=" + ReconciliationIntegrationTest.API_KEY,
            "reconciler.admin-keys=admin-key-for-tests",
            "spring.kafka.consumer.max-poll-records=50",
            "logging.level.org.apache.kafka=WARN"
        })
class ReconciliationIntegrationTest {

    static final String API_KEY = "api-key-for-tests";

    /** The request id all fixture bodies are about; each test swaps in its own. */
    private static final String FIXTURE_REQUEST_ID =
            "0151b394e3c482c5aebaa04eb04508a8db70595470760293f1b258ed96d1fafa93";

    private static final Path FIXTURES = Path.of("../../shared/fixtures/request-network/webhooks");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaProducer<String, byte[]> producer;
    private static StatusEvents statusEvents;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        stack().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** JUnit runs this before Spring reads the property source above: both make sure the topics exist. */
    @BeforeAll
    static void connectToTheBroker() {
        String bootstrap = stack().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        statusEvents = new StatusEvents(bootstrap);
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        statusEvents.close();
    }

    @Test
    void linkCreatedOpensTheOrderAwaitingPaymentAtSequenceZeroWithoutAStatusEvent() throws Exception {
        String orderId = newOrderId();
        PaymentLinkCreated link = linkCreated(orderId, newRequestId());

        send(Topics.LINK_EVENTS, link);

        JsonNode order = awaitOrder(orderId);
        assertStatusEventsStay(orderId, 0);
        assertThat(order.get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(order.get("expectedAmount").isString()).isTrue();
        assertThat(order.get("expectedAmount").stringValue()).isEqualTo("100.00");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("0");
        assertThat(order.get("currency").stringValue()).isEqualTo("USDC");
        assertThat(order.get("requestIds").get(0).stringValue())
                .isEqualTo(link.requestIds().get(0));
        assertThat(order.get("history")).hasSize(1);
        JsonNode opening = order.get("history").get(0);
        assertThat(opening.get("sequence").longValue()).isZero();
        assertThat(opening.get("from").isNull()).isTrue();
        assertThat(opening.get("to").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(opening.get("paidAmount").stringValue()).isEqualTo("0");
        assertThat(opening.get("cause").get("eventId").stringValue())
                .isEqualTo(link.eventId().toString());
        assertThat(opening.get("cause").get("kind").stringValue()).isEqualTo("payment-link.created");
        assertThat(opening.get("cause").get("deliveryId").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT status_event_id IS NULL FROM order_history WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void confirmedPaymentPaysTheOrderWithExactlyOneStatusEvent() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);

        send(Topics.WEBHOOKS, confirmed);

        awaitOutcome(confirmed.deliveryId(), "APPLIED");
        List<OrderPaymentStatusChanged> events = awaitStatusEvents(orderId, 1);
        OrderPaymentStatusChanged paid = events.get(0);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.AWAITING_PAYMENT);
        assertThat(paid.sequence()).isEqualTo(1);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.0");
        assertThat(paid.cause().deliveryId()).isEqualTo(confirmed.deliveryId());
        assertThat(paid.cause().eventId()).isEqualTo(confirmed.eventId());
        assertThat(paid.cause().kind()).isEqualTo("payment.confirmed");
        assertStatusEventsStay(orderId, 1);

        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        assertThat(order.get("history")).hasSize(2);
        assertThat(order.get("history").get(0).get("sequence").longValue()).isZero();
        assertThat(order.get("history").get(0).get("cause").get("kind").stringValue())
                .isEqualTo("payment-link.created");
        JsonNode change = order.get("history").get(1);
        assertThat(change.get("sequence").longValue()).isEqualTo(paid.sequence());
        assertThat(change.get("from").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(change.get("to").stringValue()).isEqualTo("PAID");
        assertThat(change.get("cause").get("deliveryId").stringValue()).isEqualTo(confirmed.deliveryId());
    }

    @Test
    void redeliveredWebhookChangesNothing() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, confirmed);
        awaitStatusEvents(orderId, 1);

        send(Topics.WEBHOOKS, confirmed); // the same delivery again, as a redelivery or a replay would bring it
        send(Topics.WEBHOOKS, confirmed);
        WebhookReceived marker = webhook("secure_payment.user_event.json", requestId);
        send(Topics.WEBHOOKS, marker); // same key, same partition: processed after both redeliveries

        awaitOutcome(marker.deliveryId(), "IGNORED");
        assertStatusEventsStay(orderId, 1);
        assertThat(order(orderId).get("history")).hasSize(2);
        assertThat(order(orderId).get("paidAmount").stringValue()).isEqualTo("100.0");
    }

    @Test
    void clientIdAndCheckoutVariantsOfOnePaymentCountOnce() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);

        WebhookReceived clientId = webhook("payment.confirmed.client_id.json", requestId);
        WebhookReceived checkout = webhook("payment.confirmed.checkout.json", requestId);
        send(Topics.WEBHOOKS, clientId);
        send(Topics.WEBHOOKS, checkout);

        awaitOutcome(clientId.deliveryId(), "DUPLICATE");
        awaitOutcome(checkout.deliveryId(), "DUPLICATE");
        assertStatusEventsStay(orderId, 1);
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        assertThat(order.get("history")).hasSize(2);
    }

    @Test
    void webhookBeforeItsLinkIsParkedThenAppliedWhenTheLinkArrives() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.checkout.json", requestId);

        send(Topics.WEBHOOKS, early);

        awaitOutcome(early.deliveryId(), "PARKED");
        assertThat(get("/api/orders/" + orderId, API_KEY).statusCode()).isEqualTo(404);

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        List<OrderPaymentStatusChanged> events = awaitStatusEvents(orderId, 1);
        assertThat(events)
                .extracting(
                        OrderPaymentStatusChanged::sequence,
                        OrderPaymentStatusChanged::previousStatus,
                        OrderPaymentStatusChanged::status)
                .containsExactly(tuple(1L, PaymentStatus.AWAITING_PAYMENT, PaymentStatus.PAID));
        assertThat(events.get(0).cause().deliveryId()).isEqualTo(early.deliveryId());
        awaitOutcome(early.deliveryId(), "APPLIED");
        assertThat(jdbc.sql("SELECT count(*) FROM parked_webhooks WHERE request_id = :requestId")
                        .param("requestId", requestId)
                        .query(Long.class)
                        .single())
                .isZero();
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("history")
                        .valueStream()
                        .map(entry -> entry.get("sequence").longValue()))
                .containsExactly(0L, 1L);
        assertThat(order.get("history").get(0).get("cause").get("kind").stringValue())
                .isEqualTo("payment-link.created");
        assertThat(order.get("history").get(1).get("cause").get("deliveryId").stringValue())
                .isEqualTo(early.deliveryId());
    }

    @Test
    void testDeliveryIsRecordedButNeverApplied() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived test = webhook("payment.confirmed.json", requestId, true);

        send(Topics.WEBHOOKS, test);

        awaitOutcome(test.deliveryId(), "TEST");
        assertStatusEventsStay(orderId, 0);
        assertThat(order(orderId).get("history")).hasSize(1);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(order(orderId).get("paidAmount").stringValue()).isEqualTo("0");
    }

    @Test
    void partialThenConfirmedPaymentGoesThroughPartiallyPaidToPaid() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));

        OrderPaymentStatusChanged partial = awaitStatusEvents(orderId, 1).get(0);
        assertThat(partial.status()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(partial.previousStatus()).isEqualTo(PaymentStatus.AWAITING_PAYMENT);
        assertThat(partial.sequence()).isEqualTo(1);
        assertThat(partial.paidAmount()).isEqualByComparingTo("50.0");
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PARTIALLY_PAID");

        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 2).get(1);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(paid.sequence()).isEqualTo(2);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.0");
    }

    @Test
    void failedAttemptFailsAnUnpaidOrderAndALaterPaymentStillPaysIt() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        send(Topics.WEBHOOKS, webhook("payment.failed.json", requestId));
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAYMENT_FAILED);

        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        assertThat(awaitStatusEvents(orderId, 2).get(1).status()).isEqualTo(PaymentStatus.PAID);
    }

    @Test
    void bodyThatIsNotJsonBecomesADeadLetterAndDoesNotBlockLaterDeliveries() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        WebhookReceived garbage =
                webhook(requestId, "{\"event\":\"payment.confirmed\",".getBytes(StandardCharsets.UTF_8), false);

        send(Topics.WEBHOOKS, garbage);
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(jdbc.sql("SELECT reason FROM dead_letters WHERE delivery_id = :deliveryId")
                        .param("deliveryId", garbage.deliveryId())
                        .query(String.class)
                        .single())
                .contains("not valid JSON");
    }

    @Test
    void unknownEventTypeIsRecordedAsIgnoredWithAReason() throws Exception {
        String requestId = newRequestId();
        WebhookReceived unknown = webhook(
                requestId,
                ("{\"event\":\"payment.teleported\",\"requestId\":\"" + requestId + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                false);

        send(Topics.WEBHOOKS, unknown);

        awaitOutcome(unknown.deliveryId(), "IGNORED");
        assertThat(jdbc.sql("SELECT reason FROM webhook_deliveries WHERE delivery_id = :deliveryId")
                        .param("deliveryId", unknown.deliveryId())
                        .query(String.class)
                        .single())
                .contains("unknown event type payment.teleported");
    }

    @Test
    void apiWithoutAValidKeyAnswers401ProblemJson() throws Exception {
        for (String key : new String[] {null, "wrong-key"}) {
            HttpResponse<String> response = get("/api/orders/anything", key);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("detail").stringValue())
                    .contains("X-Api-Key");
        }
    }

    @Test
    void unknownOrderAnswers404ProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/orders/no-such-order", API_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("detail").stringValue()).contains("no-such-order");
    }

    @Test
    void ordersCanBeListedByStatusOnePageAtATime() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);

        JsonNode page = JSON.readTree(get("/api/orders?status=PARTIALLY_PAID&page=0&size=100", API_KEY)
                .body());

        assertThat(page.get("orders")
                        .valueStream()
                        .map(order -> order.get("orderId").stringValue()))
                .contains(orderId);
        assertThat(page.get("orders")
                        .valueStream()
                        .map(order -> order.get("status").stringValue()))
                .containsOnly("PARTIALLY_PAID");
        assertThat(get("/api/orders?status=SOMETHING", API_KEY).statusCode()).isEqualTo(400);
        assertThat(get("/api/orders?size=1000", API_KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void healthAndPrometheusAreExposedWithoutAnApiKey() throws Exception {
        assertThat(get("/actuator/health", null).body()).contains("UP");
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory");
    }

    private static DevStack stack() {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        return stack;
    }

    private static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /** Shaped like the provider's: 66 hex characters. */
    private static String newRequestId() {
        byte[] random = new byte[33];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static PaymentLinkCreated linkCreated(String orderId, String requestId) {
        Instant now = Instant.now();
        return new PaymentLinkCreated(
                UUID.randomUUID(),
                now,
                orderId,
                "01KJRA0M9QG8MA4X887908T8A4",
                List.of(requestId),
                new BigDecimal("100.00"),
                "USDC",
                orderId,
                "https://pay.request.network/?token=01KJRA0M9QG8MA4X887908T8A4",
                now,
                now.plus(Duration.ofDays(7)));
    }

    private static WebhookReceived webhook(String fixture, String requestId) throws IOException {
        return webhook(fixture, requestId, false);
    }

    private static WebhookReceived webhook(String fixture, String requestId, boolean test) throws IOException {
        String body = Files.readString(FIXTURES.resolve(fixture), StandardCharsets.UTF_8)
                .replace(FIXTURE_REQUEST_ID, requestId);
        return webhook(requestId, body.getBytes(StandardCharsets.UTF_8), test);
    }

    private static WebhookReceived webhook(String requestId, byte[] body, boolean test) {
        String deliveryId = "01DELIVERY" + UUID.randomUUID();
        return new WebhookReceived(
                UUID.randomUUID(),
                Instant.now(),
                deliveryId,
                null,
                requestId,
                test,
                0,
                "secret-1",
                Map.of(
                        "x-request-network-delivery",
                        deliveryId,
                        "x-request-network-retry-count",
                        "0",
                        "x-request-network-test",
                        Boolean.toString(test),
                        "content-type",
                        "application/json"),
                body);
    }

    private static void send(String topic, IntegrationEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), EventCodec.write(event));
        CloudEventHeaders.of(event, "/reconciler-tests").forEach(record.headers()::add);
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    private List<OrderPaymentStatusChanged> awaitStatusEvents(String orderId, int count) {
        return await().atMost(PATIENCE).until(() -> statusEvents.of(orderId), events -> events.size() >= count);
    }

    /**
     * The order's status events stay exactly sequences 1 to count (none when count is 0): no opening, late or
     * duplicate event shows up.
     */
    private static void assertStatusEventsStay(String orderId, int count) {
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(statusEvents.of(orderId))
                        .extracting(OrderPaymentStatusChanged::sequence)
                        .containsExactly(
                                LongStream.rangeClosed(1, count).boxed().toArray(Long[]::new)));
    }

    private void awaitOutcome(String deliveryId, String outcome) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                jdbc.sql("SELECT outcome FROM webhook_deliveries WHERE delivery_id = :deliveryId")
                                        .param("deliveryId", deliveryId)
                                        .query(String.class)
                                        .optional())
                        .hasValue(outcome));
    }

    /** The order once its payment-link.created has been applied. */
    private JsonNode awaitOrder(String orderId) throws Exception {
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(get("/api/orders/" + orderId, API_KEY).statusCode())
                                .isEqualTo(200));
        return order(orderId);
    }

    private JsonNode order(String orderId) throws Exception {
        HttpResponse<String> response = get("/api/orders/" + orderId, API_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything published to orders.payment-status.v1 since the start, read by a consumer of our own. */
    private static final class StatusEvents implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<OrderPaymentStatusChanged> seen = new ArrayList<>();

        StatusEvents(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDER_PAYMENT_STATUS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The order's events so far, in the order they were published (one key, one partition). */
        synchronized List<OrderPaymentStatusChanged> of(String orderId) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (end.entrySet().stream().anyMatch(entry -> consumer.position(entry.getKey()) < entry.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add((OrderPaymentStatusChanged) EventCodec.read(record.value(), OrderStatusEvent.class));
                }
            }
            return seen.stream()
                    .filter(event -> event.orderId().equals(orderId))
                    .toList();
        }

        @Override
        public synchronized void close() {
            consumer.close();
        }
    }
}

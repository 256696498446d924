package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.EventCodec;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.platform.problem.ProblemType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running service for integration tests: one application context shared by every subclass, on devstack's real
 * Kafka and PostgreSQL, with the fake provider over HTTP and the {@link TestClock}. Helpers call it over HTTP, read
 * what it published and publish what the reconciler would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.Configuration.class)
public abstract class RunningLinkService {

    public static final String API_KEY = "link-service-test-key";
    public static final FakeProvider PROVIDER = new FakeProvider();
    /** The payee destination link-service is configured with: USDC on Sepolia (6 decimals). */
    public static final String DESTINATION_ID = "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#5A1C0F3E:"
            + "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238";

    /**
     * What the tests configure as {@code request.quota.backoff}: the pause after a 429, kept in the shared quota's
     * table in database time, so tests wait it out rather than move a clock.
     */
    public static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(3);
    /** What the tests configure as {@code request.timeout}. */
    public static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(3);
    /** What the tests configure as {@code links.provider-failure-backoff}. */
    public static final Duration PROVIDER_FAILURE_BACKOFF = Duration.ofSeconds(10);
    /** What the tests configure as {@code links.provider-concurrency}. */
    public static final int PROVIDER_CONCURRENCY = 4;

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        stack.springProperties(Principal.LINK_SERVICE).forEach((name, value) -> registry.add(name, () -> value));
        testProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The settings of the service under test, beyond devstack's; also used to start a second instance. */
    public static Map<String, String> testProperties() {
        return Map.ofEntries(
                Map.entry("links.api-keys", "another-key, " + API_KEY),
                Map.entry("links.public-url", "https://links.example.com/"),
                Map.entry("links.sweep-interval", "1s"),
                Map.entry("links.destination.id", DESTINATION_ID),
                Map.entry("request.quota.backoff", RATE_LIMIT_BACKOFF.toSeconds() + "s"),
                // The tests' fake provider has no rate limit; the quota itself is tested in provider-quota and at the
                // provider's default tier in system-tests.
                Map.entry("request.quota.per-minute", "1000000"),
                Map.entry("links.provider-failure-backoff", PROVIDER_FAILURE_BACKOFF.toSeconds() + "s"),
                Map.entry("links.provider-concurrency", Integer.toString(PROVIDER_CONCURRENCY)),
                // Short, so a request without a place is answered long before a held provider call times out.
                Map.entry("links.provider-permit-wait", "250ms"),
                Map.entry("request.base-url", PROVIDER.baseUrl().toString()),
                Map.entry("request.api-key", FakeProvider.API_KEY),
                Map.entry("request.client-id", ""),
                Map.entry("request.origin", ""),
                Map.entry("request.timeout", PROVIDER_TIMEOUT.toSeconds() + "s"),
                // Instances of the app come and go in one consumer group here: a member gone without a word is
                // dropped after 6 s instead of 45 s, so rebalances do not stall the tests.
                Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "6000"),
                Map.entry("spring.kafka.consumer.properties.heartbeat.interval.ms", "1000"));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    protected static TestClock clock() {
        return TestClock.shared();
    }

    // ---- HTTP ----

    protected HttpResponse<String> post(String apiKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/payment-links"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, apiKey);
    }

    /** Creates a link for a new order and answers the 201 body. */
    protected JsonNode create(String orderId, String amount) {
        HttpResponse<String> response = post(API_KEY, """
                {"orderId": "%s", "amount": "%s", "payee": "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7",
                 "invoiceCurrency": "USDC", "paymentCurrency": "USDC-sepolia"}
                """.formatted(orderId, amount));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> get(String path, String apiKey) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), apiKey);
    }

    protected HttpResponse<String> pay(String orderId, String accept) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri("/pay/" + orderId)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request, null);
    }

    protected HttpResponse<String> send(HttpRequest.Builder request, String apiKey) {
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot call link-service", e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        // Every problem of link-service has a type of docs/problems.md, of the status answered.
        assertThat(Arrays.stream(ProblemType.values())
                        .filter(type -> type.uri()
                                .toString()
                                .equals(problem.path("type").asString())))
                .as("the type of " + response.body())
                .singleElement()
                .satisfies(type -> assertThat(type.status().value()).isEqualTo(status));
    }

    // ---- Kafka ----

    /**
     * Every link event of the order, in log order, once link-service has published all it stored for the order: the
     * outbox holds none of the order's records any more, and the topic is read from its beginning to its end.
     */
    protected List<LinkEvent> publishedLinkEvents(String orderId) {
        await().atMost(EVENTUALLY).until(() -> outboxRecordsOf(orderId) == 0);
        List<LinkEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readToEnd(Topics.LINK_EVENTS)) {
            if (orderId.equals(record.key())) {
                events.add(EventCodec.read(record.value(), LinkEvent.class));
            }
        }
        return events;
    }

    protected long outboxRecordsOf(String orderId) {
        return jdbc.sql("SELECT count(*) FROM outbox_record WHERE record_key = :orderId")
                .param("orderId", orderId)
                .query(Long.class)
                .single();
    }

    /** The records of a topic from its beginning to its end as of now. */
    protected static List<ConsumerRecord<String, byte[]>> readToEnd(String topic) {
        Map<String, Object> config = new HashMap<>(DevStack.shared().adminClientProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(EVENTUALLY).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return records;
    }

    /**
     * Publishes a status change as the reconciler does (key = order id), logged in as the reconciler, and answers where
     * it landed.
     */
    protected static RecordMetadata publishStatus(OrderPaymentStatusChanged event) {
        return publish(new ProducerRecord<>(Topics.ORDER_PAYMENT_STATUS, event.orderId(), EventCodec.write(event)));
    }

    /** Publishes a record to the order statuses, as the reconciler (the only principal that may write them). */
    protected static synchronized RecordMetadata publish(ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            // Only the reconciler may write order statuses: the test plays it.
            Map<String, Object> config = new HashMap<>(DevStack.shared().clientProperties(Principal.RECONCILER));
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer = new KafkaProducer<>(config);
        }
        try {
            return producer.send(record).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish to " + record.topic(), e);
        }
    }

    protected static OrderPaymentStatusChanged statusChange(
            String orderId, PaymentStatus status, long sequence, String paid, String expected) {
        return new OrderPaymentStatusChanged(
                UUID.randomUUID(),
                Instant.now(),
                orderId,
                status,
                PaymentStatus.AWAITING_PAYMENT,
                sequence,
                new BigDecimal(expected),
                new BigDecimal(paid),
                BigDecimal.ZERO,
                "USD",
                new OrderPaymentStatusChanged.Cause(UUID.randomUUID(), "payment.partial", "01DELIVERY"),
                List.of(),
                false);
    }

    /** Publishes a status change and waits until link-service has stored it as the order's known status. */
    protected void learnStatus(OrderPaymentStatusChanged event) {
        publishStatus(event);
        await().atMost(EVENTUALLY)
                .until(() -> jdbc.sql("SELECT sequence FROM order_payment_status WHERE order_id = :orderId")
                        .param("orderId", event.orderId())
                        .query(Long.class)
                        .optional()
                        .filter(sequence -> sequence >= event.sequence())
                        .isPresent());
    }
}

package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Principal;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.requestclient.WebhookFixtures;
import io.payrecon.requestclient.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler against the real Kafka broker and PostgreSQL of devstack, and a stand-in for the provider's
 * {@code GET /v2/request/{id}}. Records are produced to the topics as link-service and webhook-gateway would, and
 * outcomes are observed through the HTTP API, the database and by consuming {@code orders.payment-status.v1}. Every
 * integration test extends this, so they share one running app.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "reconciler.api-keys=" + RunningReconciler.API_KEY,
            "reconciler.webhook-secrets=" + RunningReconciler.WEBHOOK_SECRET,
            "reconciler.polling.ladder=1s,2s",
            "reconciler.polling.then-every=1h",
            // paid requests are polled on the slow rung, for refunds whose webhooks were lost
            "reconciler.polling.slow-every=3s",
            "reconciler.polling.interval=200ms",
            "reconciler.polling.rate=50",
            // The tests' fake provider has no rate limit; the shared quota is tested in provider-quota and at the
            // provider's default tier in system-tests.
            "request.quota.per-minute=1000000",
            // parked webhooks are looked at for being foreign (reconciler.parked.foreign-after, 24 h) every second
            "reconciler.parked.foreign-check-every=1s",
            // the console's overview samples every second, so its tiles have figures within a test
            "reconciler.console.sample-every=1s",
            "spring.kafka.consumer.max-poll-records=100",
            // a batch of four records or more is split by key over the intake's lanes (300 in production), so every
            // test that sends several records at once (poison among good ones, bursts, redeliveries, renewals of one
            // order) runs the split path against PostgreSQL
            "reconciler.intake.parallel-from=4",
            // jobs: claimed soon after they are queued, in small pages, each followed by a short pause, so that a
            // replay of a few thousand records runs long enough to be cancelled while it runs
            "reconciler.jobs.poll-interval=200ms",
            "reconciler.jobs.page-size=50",
            "reconciler.jobs.page-pause=20ms",
            "spring.datasource.hikari.connection-timeout=2000",
            "outbox.max-backoff=1s",
            "logging.level.org.apache.kafka=WARN"
        })
abstract class RunningReconciler {

    static final String API_KEY = "api-key-for-tests";
    static final String WEBHOOK_SECRET = "webhook-secret-for-tests";

    /** The admin API's operators in these tests ({@code ADMIN_OPERATORS}): a name, a role and their own key. */
    record TestOperator(String name, String role, String key) {

        /** As {@code ADMIN_OPERATORS} lists it: the key only as its SHA-256. */
        String entry() {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
                return name + ":" + role + ":" + HexFormat.of().formatHex(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static final TestOperator ALICE = new TestOperator("alice", "operator", "alice-key-for-tests");
    static final TestOperator CAROL = new TestOperator("carol", "operator", "carol-key-for-tests");
    /** Only the audit log test acts as her, so her entries are that test's. */
    static final TestOperator OLIVIA = new TestOperator("olivia", "operator", "olivia-key-for-tests");

    static final TestOperator VICTOR = new TestOperator("victor", "read-only", "victor-key-for-tests");

    /** The request id all fixture bodies are about; each test swaps in its own. */
    static final String FIXTURE_REQUEST_ID = "0151b394e3c482c5aebaa04eb04508a8db70595470760293f1b258ed96d1fafa93";

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FakeProvider PROVIDER = FakeProvider.start();

    private static final KafkaProducer<String, byte[]> PRODUCER;
    private static final StatusEvents STATUS_EVENTS;
    private static final StatusEvents LATEST_STATUS_EVENTS;

    static {
        // The tests write every input topic, forged and odd records too: as devstack's super-user.
        Map<String, Object> producer = new HashMap<>(stack().adminClientProperties());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        PRODUCER = new KafkaProducer<>(producer);
        // Status events are read as an order system reads them.
        STATUS_EVENTS = new StatusEvents(stack().clientProperties(Principal.ORDER_SYSTEM), Topics.ORDER_PAYMENT_STATUS);
        LATEST_STATUS_EVENTS =
                new StatusEvents(stack().clientProperties(Principal.ORDER_SYSTEM), Topics.ORDER_PAYMENT_STATUS_LATEST);
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        stack().springProperties(Principal.RECONCILER).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("request.base-url", PROVIDER::baseUrl);
        registry.add("request.api-key", () -> FakeProvider.API_KEY);
        registry.add(
                "reconciler.admin-operators",
                () -> String.join(
                        ",",
                        Stream.of(ALICE, CAROL, OLIVIA, VICTOR)
                                .map(TestOperator::entry)
                                .toList()));
    }

    static DevStack stack() {
        DevStack stack = DevStack.shared();
        stack.ensureTopics(Topics.ALL);
        return stack;
    }

    static String newOrderId() {
        return "order-" + UUID.randomUUID();
    }

    /** Shaped like the provider's: 66 hex characters. */
    static String newRequestId() {
        byte[] random = new byte[33];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    static String newTxHash() {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        return "0x" + HexFormat.of().formatHex(random);
    }

    static PaymentLinkCreated linkCreated(String orderId, String requestId) {
        Instant now = Instant.now();
        return linkCreated(orderId, requestId, "tok-" + UUID.randomUUID(), now, now.plus(Duration.ofDays(7)));
    }

    static PaymentLinkCreated linkCreated(
            String orderId, String requestId, String token, Instant createdAt, Instant expiresAt) {
        return new PaymentLinkCreated(
                UUID.randomUUID(),
                createdAt,
                orderId,
                token,
                List.of(requestId),
                new BigDecimal("100.00"),
                "USDC",
                orderId,
                "https://pay.request.network/?token=" + token,
                createdAt,
                expiresAt);
    }

    static PaymentLinkExpired linkExpired(PaymentLinkCreated link) {
        return new PaymentLinkExpired(
                UUID.randomUUID(), link.expiresAt(), link.orderId(), link.token(), link.requestIds(), link.expiresAt());
    }

    static PaymentLinkRenewed linkRenewed(PaymentLinkCreated previous, String requestId) {
        Instant now = Instant.now();
        String token = "tok-" + UUID.randomUUID();
        return new PaymentLinkRenewed(
                UUID.randomUUID(),
                now,
                previous.orderId(),
                token,
                previous.token(),
                List.of(requestId),
                previous.amount(),
                previous.amount(),
                previous.currency(),
                "https://pay.request.network/?token=" + token,
                now,
                now.plus(Duration.ofDays(7)));
    }

    static WebhookReceived webhook(String fixture, String requestId) {
        return webhook(fixture, requestId, false);
    }

    static WebhookReceived webhook(String fixture, String requestId, boolean test) {
        return webhookWithBody(requestId, fixtureBody(fixture, requestId), test);
    }

    /** A fixture body about this request, as the provider would send it. */
    static String fixtureBody(String fixture, String requestId) {
        return new String(WebhookFixtures.body(fixture), StandardCharsets.UTF_8).replace(FIXTURE_REQUEST_ID, requestId);
    }

    static WebhookReceived webhookWithBody(String requestId, String body) {
        return webhookWithBody(requestId, body, false);
    }

    /** A delivery as the gateway appends it: signed by the provider with the secret the reconciler also has. */
    static WebhookReceived webhookWithBody(String requestId, String body, boolean test) {
        String deliveryId = "01DELIVERY" + UUID.randomUUID();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookReceived(
                UUID.randomUUID(),
                Instant.now(),
                deliveryId,
                null,
                requestId,
                test,
                0,
                WebhookSignature.secretId(WEBHOOK_SECRET),
                Map.of(
                        "x-request-network-delivery",
                        deliveryId,
                        "x-request-network-signature",
                        WebhookSignature.sign(WEBHOOK_SECRET, bytes),
                        "x-request-network-retry-count",
                        "0",
                        "x-request-network-test",
                        Boolean.toString(test),
                        "content-type",
                        "application/json"),
                bytes);
    }

    static void send(String topic, IntegrationEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), EventCodec.write(event));
        CloudEventHeaders.of(event, "/reconciler-tests").forEach(record.headers()::add);
        sendRecord(record);
    }

    /** The same event {@code count} times, sent at once and then awaited (a delivery the gateway sent again). */
    static void sendRepeatedly(String topic, IntegrationEvent event, int count) {
        byte[] value = EventCodec.write(event);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), value);
            CloudEventHeaders.of(event, "/reconciler-tests").forEach(record.headers()::add);
            sent.add(PRODUCER.send(record));
        }
        PRODUCER.flush();
        try {
            for (java.util.concurrent.Future<?> each : sent) {
                each.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** A record as it is, whatever its bytes: to send what no producer of ours would. */
    static void sendRaw(String topic, String key, byte[] value) {
        sendRecord(new ProducerRecord<>(topic, key, value));
    }

    private static void sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            PRODUCER.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + record.topic(), e);
        }
    }

    static ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, byte[] value) {
        return await().atMost(PATIENCE)
                .until(
                        () -> readAll(Topics.deadLetter(topic)).stream()
                                .filter(record -> Arrays.equals(record.value(), value))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    static ConsumerRecord<String, byte[]> awaitDeadLetterWithKey(String topic, String key) {
        return await().atMost(PATIENCE)
                .until(
                        () -> readAll(Topics.deadLetter(topic)).stream()
                                .filter(record -> key.equals(record.key()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record sent to one partition, to put records of different keys one after the other. */
    static void sendToPartition(String topic, int partition, IntegrationEvent event) {
        sendRecord(new ProducerRecord<>(topic, partition, event.key(), EventCodec.write(event)));
    }

    static List<OrderPaymentStatusChanged> awaitStatusEvents(String orderId, int count) {
        return await().atMost(PATIENCE).until(() -> STATUS_EVENTS.of(orderId), events -> events.size() >= count);
    }

    /**
     * The order's events on the compacted latest-status topic (the outbox relay's copy of each status event), once
     * there are at least {@code count}. The devstack broker compacts nothing within a test (the active segment never
     * is), so every copy is still there.
     */
    static List<OrderPaymentStatusChanged> awaitLatestStatusEvents(String orderId, int count) {
        return await().atMost(PATIENCE).until(() -> LATEST_STATUS_EVENTS.of(orderId), events -> events.size() >= count);
    }

    /**
     * The order's status events stay exactly sequences 1 to count (none when count is 0): no opening, late or
     * duplicate event shows up.
     */
    static void assertStatusEventsStay(String orderId, int count) {
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(STATUS_EVENTS.of(orderId))
                        .extracting(OrderPaymentStatusChanged::sequence)
                        .containsExactly(
                                LongStream.rangeClosed(1, count).boxed().toArray(Long[]::new)));
    }

    /** As {@link #assertStatusEventsStay(String, int)}, for several orders at once. */
    static void assertStatusEventsStay(List<String> orderIds, int count) {
        Long[] sequences = LongStream.rangeClosed(1, count).boxed().toArray(Long[]::new);
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> orderIds.forEach(orderId -> assertThat(STATUS_EVENTS.of(orderId))
                        .as("status events of %s", orderId)
                        .extracting(OrderPaymentStatusChanged::sequence)
                        .containsExactly(sequences)));
    }

    static List<OrderPaymentStatusChanged> statusEvents(String orderId) {
        return STATUS_EVENTS.of(orderId);
    }

    /** The newest dead letter of the record with this key, once the listener recorded it. */
    long awaitDeadLetterId(String key) {
        return await().atMost(PATIENCE)
                .until(
                        () -> jdbc.sql("SELECT max(dead_letter_id) FROM dead_letters WHERE record_key = :key")
                                .param("key", key)
                                .query(Long.class)
                                .optional(),
                        found -> found.isPresent())
                .orElseThrow();
    }

    /** The {@code parkedId} of a webhook sent before its link, once the reconciler parked it. */
    long awaitParked(WebhookReceived webhook) {
        awaitOutcome(webhook.deliveryId(), "PARKED");
        return jdbc.sql("SELECT parked_id FROM parked_webhooks WHERE delivery_id = :id")
                .param("id", webhook.deliveryId())
                .query(Long.class)
                .single();
    }

    void awaitOutcome(String deliveryId, String outcome) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                jdbc.sql("SELECT outcome FROM webhook_deliveries WHERE delivery_id = :deliveryId")
                                        .param("deliveryId", deliveryId)
                                        .query(String.class)
                                        .optional())
                        .hasValue(outcome));
    }

    String reasonOf(String deliveryId) {
        return jdbc.sql("SELECT reason FROM webhook_deliveries WHERE delivery_id = :deliveryId")
                .param("deliveryId", deliveryId)
                .query(String.class)
                .single();
    }

    /** The order once its payment-link.created has been applied. */
    JsonNode awaitOrder(String orderId) {
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(get("/api/orders/" + orderId, API_KEY).statusCode())
                                .isEqualTo(200));
        return order(orderId);
    }

    /** The order once it satisfies the condition. */
    JsonNode awaitOrder(String orderId, Predicate<JsonNode> condition) {
        return await().atMost(PATIENCE)
                .until(
                        () -> {
                            HttpResponse<String> response = get("/api/orders/" + orderId, API_KEY);
                            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
                        },
                        order -> order != null && condition.test(order));
    }

    JsonNode order(String orderId) {
        HttpResponse<String> response = get("/api/orders/" + orderId, API_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static List<String> flags(JsonNode order) {
        return order.get("flags").valueStream().map(JsonNode::stringValue).toList();
    }

    /** A gauge or counter without tags (or its only series) as Prometheus scrapes it. */
    double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(get("/actuator/prometheus", null).body());
        assertThat(value.find()).as(name).isTrue();
        return Double.parseDouble(value.group(1));
    }

    HttpResponse<String> get(String path, String apiKey) {
        return get(path, "X-Api-Key", apiKey);
    }

    HttpResponse<String> get(String path, String header, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header(header, key);
        }
        return exchange(request);
    }

    /**
     * A request to the admin API as {@code operator} (their key in {@code X-Admin-Key}, none when it is null), with a
     * JSON body or none, and any further headers as name, value pairs.
     */
    HttpResponse<String> admin(String method, String path, String body, TestOperator operator, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (operator.key() != null) {
            request.header("X-Admin-Key", operator.key());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request);
    }

    /** Starts a job ({@code POST} of a replay, republish or rebuild): 202, its Location, and the job queued. */
    JsonNode startJob(String path, String body, TestOperator operator) {
        HttpResponse<String> response = admin("POST", path, body, operator);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/admin/jobs/" + job.get("id").longValue());
        return job;
    }

    /** The job as {@code GET /admin/jobs/{id}} shows it. */
    JsonNode job(long id) {
        HttpResponse<String> response = admin("GET", "/admin/jobs/" + id, null, ALICE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Waits for the job to end (succeeded, failed, cancelled or interrupted), and answers it. */
    JsonNode awaitJobEnd(long id) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> job(id),
                        job -> !List.of("queued", "running")
                                .contains(job.get("state").stringValue()));
    }

    /** Starts a job, waits for it to succeed, and answers its result (the report). */
    JsonNode runJob(String path, String body, TestOperator operator) {
        JsonNode ended = awaitJobEnd(startJob(path, body, operator).get("id").longValue());
        assertThat(ended.get("state").stringValue()).as(ended.toString()).isEqualTo("succeeded");
        return ended.get("result");
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything on a topic since the start, read by a consumer of our own. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(stack().adminClientProperties())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (end.entrySet().stream().anyMatch(entry -> consumer.position(entry.getKey()) < entry.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** A consumer without a group, logged in as {@code kafka} says. */
    static KafkaConsumer<String, byte[]> consumer(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /** Everything published to a status topic since the start, read by a consumer of our own. */
    private static final class StatusEvents {

        private final KafkaConsumer<String, byte[]> consumer;
        /** By event id: the outbox publishes at least once, and consumers drop repeats by event id. */
        private final Map<UUID, OrderPaymentStatusChanged> seen = new java.util.LinkedHashMap<>();

        StatusEvents(Map<String, Object> kafka, String topic) {
            consumer = consumer(kafka);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
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
                    OrderPaymentStatusChanged event =
                            (OrderPaymentStatusChanged) EventCodec.read(record.value(), OrderStatusEvent.class);
                    seen.putIfAbsent(event.eventId(), event);
                }
            }
            return seen.values().stream()
                    .filter(event -> event.orderId().equals(orderId))
                    .toList();
        }
    }
}

package io.payrecon.benchmarks;

import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.IntegrationEvent;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.requestclient.WebhookHeaders;
import io.payrecon.requestclient.WebhookSignature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmark's orders and their webhooks: orders are opened by writing {@code payment-link.created} straight to
 * the link-events topic (link-service and the sandbox are not on the measured path, and creating a million links
 * through them would take hours); each order is then paid by one signed {@code payment.confirmed} webhook, posted to
 * the gateway or appended straight to the webhooks topic.
 */
final class BenchWebhooks implements AutoCloseable {

    static final BigDecimal AMOUNT = new BigDecimal("10.00");

    private static final String BODY = "{\"event\":\"payment.confirmed\",\"requestId\":\"%1$s\",\"requestID\":\"%1$s\","
            + "\"paymentReference\":\"0x%2$s\",\"explorer\":\"https://scan.request.network/request/%1$s\","
            + "\"amount\":\"10.00\",\"totalAmountPaid\":\"10.00\",\"expectedAmount\":\"10.00\","
            + "\"timestamp\":\"%3$s\",\"txHash\":\"0x%4$s\","
            + "\"payerAddress\":\"0x92Fc3406Fc6BB7A76aC63b2E8b9d02b1B9C3e4d5\",\"payerEoaAddress\":null,"
            + "\"network\":\"ethereum\",\"currency\":\"USDC\",\"paymentCurrency\":\"USDC\",\"isCryptoToFiat\":false,"
            + "\"subStatus\":\"\",\"paymentProcessor\":\"request-network\","
            + "\"fees\":[{\"type\":\"network\",\"amount\":\"0.02\",\"currency\":\"ETH\"}]}";

    private final String runId;
    private final String secret;
    private final String secretId;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** @param kafka the broker and a login that may write link events and webhooks both: the super-user's */
    BenchWebhooks(Map<String, Object> kafka, String secret) {
        this.runId = Long.toString(System.currentTimeMillis(), 36);
        this.secret = secret;
        this.secretId = sha256(secret).substring(0, 8);
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L * 1024 * 1024));
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** One benchmark order: its id and the provider request id its webhook names. */
    record Order(String orderId, String requestId) {}

    Order order(String phase, long index) {
        String orderId = "bench-" + runId + "-" + phase + "-" + index;
        return new Order(orderId, "01" + sha256(orderId));
    }

    /** Opens the orders in the reconciler: {@code payment-link.created} for each, appended and acknowledged. */
    void openOrders(String phase, long count) {
        Instant now = Instant.now();
        for (long i = 0; i < count; i++) {
            Order order = order(phase, i);
            append(
                    Topics.LINK_EVENTS,
                    new PaymentLinkCreated(
                            UUID.randomUUID(),
                            now,
                            order.orderId(),
                            "tok-" + order.orderId(),
                            List.of(order.requestId()),
                            AMOUNT,
                            "USDC",
                            order.orderId(),
                            "http://localhost/?token=tok-" + order.orderId(),
                            now,
                            now.plus(Duration.ofDays(7))),
                    "/link-service");
        }
        flush();
    }

    /** The webhook paying an order in full, as the provider would send it. */
    byte[] body(Order order) {
        return BODY.formatted(order.requestId(), hex(8), Instant.now(), hex(32)).getBytes(StandardCharsets.UTF_8);
    }

    /** The provider's headers for a first attempt, signed with {@code signingSecret}. */
    Map<String, String> headers(byte[] body, String deliveryId, String signingSecret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(WebhookHeaders.SIGNATURE, WebhookSignature.sign(signingSecret, body));
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.RETRY_COUNT, "0");
        return headers;
    }

    String secret() {
        return secret;
    }

    static String deliveryId() {
        return "01" + hex(12).toUpperCase();
    }

    /** Appends the webhooks paying these orders straight to the webhooks topic, as the gateway would have. */
    void appendWebhooks(String phase, long count) {
        for (long i = 0; i < count; i++) {
            Order order = order(phase, i);
            byte[] body = body(order);
            String deliveryId = deliveryId();
            append(
                    Topics.WEBHOOKS,
                    new WebhookReceived(
                            UUID.randomUUID(),
                            Instant.now(),
                            deliveryId,
                            "payment.confirmed",
                            order.requestId(),
                            false,
                            0,
                            secretId,
                            headers(body, deliveryId, secret),
                            body),
                    "/webhook-gateway");
        }
        flush();
    }

    private void append(String topic, IntegrationEvent event, String source) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.key(), EventCodec.write(event));
        CloudEventHeaders.of(event, source)
                .forEach((name, value) -> record.headers().add(name, value));
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Waits until everything appended so far is acknowledged; fails when anything was not. */
    private void flush() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("The broker did not take every record: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.payrecon.gateway.webhook;

import io.payrecon.events.Topics;
import io.payrecon.gateway.GatewayProperties;
import io.payrecon.platform.BrokerHealthIndicator;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.ProducerListener;

/**
 * The producer settings the gateway's promise rests on, applied over Boot's {@code spring.kafka.*} properties so
 * that no property can weaken them: a 2xx means the record is on every in-sync replica ({@code acks=all}),
 * written once however often the client retries (idempotence), batched for a few milliseconds at most, and a
 * dead broker fails the delivery within {@code gateway.ack-timeout} instead of holding the provider's request.
 */
@Configuration(proxyBeanMethods = false)
class ProducerSettings {

    @Bean
    DefaultKafkaProducerFactoryCustomizer webhookProducerSettings(
            GatewayProperties properties, Environment environment) {
        BrokerHealthIndicator.requireConfigured(environment);
        Map<String, Object> settings = forAckTimeout(properties.ackTimeout());
        return factory -> factory.updateConfigs(settings);
    }

    /**
     * The {@code broker} health of the readiness group. Without the broker every delivery would be answered 503, so
     * an instance that cannot reach it, or finds no webhooks topic there, is taken out of rotation. The check gets the
     * time one delivery gets ({@code gateway.ack-timeout}).
     */
    @Bean
    BrokerHealthIndicator brokerHealthIndicator(KafkaAdmin kafkaAdmin, GatewayProperties properties) {
        return new BrokerHealthIndicator(
                kafkaAdmin.getConfigurationProperties(),
                properties.ackTimeout(),
                "webhook-gateway-health",
                Topics.WEBHOOKS);
    }

    /**
     * Replaces Boot's default listener, which logs every failed send at ERROR with a stack trace: a delivery the
     * broker did not take is logged once, by {@link WebhookController}, as one WARN line naming the delivery and
     * the request. The Kafka client still logs the broker's state (connection lost, back) once, not per record.
     */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {};
    }

    /**
     * How long a record may wait for others to join its batch: the Kafka client's own default since 4.0 (KIP-1030),
     * written out because the gateway's timeouts are reckoned from it. Each batch costs a produce request and its
     * acknowledgement on both sides, whatever it holds; at 5,000 webhooks a second, 5 ms instead of 1 ms halved the
     * broker's CPU per webhook (docs/performance.md). A delivery waits that much longer for its ack, far within the
     * provider's patience.
     */
    static final int LINGER_MS = 5;

    /**
     * A batch's room: 64 KB, about 40 events of the provider's size (an 850-byte body is 1.7 KB as an event), so that
     * at the lingered rate a batch is closed by {@link #LINGER_MS}, not by filling up. Not compressed: CPU, not bytes,
     * is what the gateway and the broker run short of.
     */
    static final int BATCH_BYTES = 64 * 1024;

    static Map<String, Object> forAckTimeout(Duration ackTimeout) {
        int lingerMs = LINGER_MS;
        int budgetMs = (int) Math.max(ackTimeout.toMillis(), lingerMs + 1);
        return Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG,
                BATCH_BYTES,
                // Waiting for metadata or buffer space counts against the same budget as the acknowledgement.
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                budgetMs,
                // A record the gateway has stopped waiting for is given up, not retried into a later answer;
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                budgetMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                budgetMs - lingerMs,
                // Reconnect within a second of the broker's return.
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000);
    }
}

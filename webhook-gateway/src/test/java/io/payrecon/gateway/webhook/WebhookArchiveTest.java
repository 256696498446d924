package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.unit.DataSize;

/** The archive against a broker that was never there: the case the outage test (broker gone later) cannot show. */
class WebhookArchiveTest {

    @Test
    void brokerUnreachableSinceStartupFailsTheDeliveryWithinTheAckTimeout() {
        Duration ackTimeout = Duration.ofMillis(500);
        Map<String, Object> config = new HashMap<>(ProducerSettings.forAckTimeout(ackTimeout));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(config);
        producers.setPhysicalCloseTimeout(0);
        WebhookArchive archive = new WebhookArchive(
                new KafkaTemplate<>(producers),
                new GatewayProperties(List.of("secret"), DataSize.ofKilobytes(64), Duration.ofSeconds(2), ackTimeout));
        byte[] body = "{\"event\":\"payment.confirmed\",\"requestId\":\"r1\"}".getBytes(StandardCharsets.UTF_8);

        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> archive.append(new WebhookDelivery(Map.of(), body).received("id", Instant.now())))
                    .isInstanceOf(WebhookArchive.Unavailable.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
        } finally {
            producers.destroy();
        }
    }
}

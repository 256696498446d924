package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducerSettingsTest {

    @Test
    void acknowledgementMeansAllInSyncReplicasAndNoDuplicates() {
        Map<String, Object> settings = ProducerSettings.forAckTimeout(Duration.ofSeconds(2));

        assertThat(settings)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 500, 2000, 4999})
    void settingsAreAcceptedByTheKafkaClientForAnyValidAckTimeout(long ackTimeoutMs) {
        Map<String, Object> config = new HashMap<>(ProducerSettings.forAckTimeout(Duration.ofMillis(ackTimeoutMs)));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");

        // The client checks delivery.timeout.ms >= linger.ms + request.timeout.ms when it is created.
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        producer.close(Duration.ZERO);
        assertThat((int) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                .isLessThanOrEqualTo((int) Math.max(ackTimeoutMs, 2));
    }
}

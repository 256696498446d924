package io.payrecon.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProducerSettingsTest {

    /** Time for the client's threads to be scheduled on a busy machine; far below the provider's 5 s attempt. */
    private static final long SLACK_MS = 1500;

    @Test
    void acknowledgementMeansAllInSyncReplicasAndNoDuplicates() {
        Map<String, Object> settings = ProducerSettings.forAckTimeout(Duration.ofSeconds(2));

        assertThat(settings)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, ProducerSettings.LINGER_MS)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 500, 2000, 4999})
    void theKafkaClientAcceptsTheSettingsAndGivesUpOnAnUnreachableBrokerWithinTheAckTimeout(long ackTimeoutMs) {
        Map<String, Object> config = new HashMap<>(ProducerSettings.forAckTimeout(Duration.ofMillis(ackTimeoutMs)));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // nothing listens on port 1

        // The client refuses timeouts that contradict each other (delivery.timeout.ms < linger.ms +
        // request.timeout.ms) when it is created.
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        try {
            long start = System.nanoTime();

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.WEBHOOKS, "req-1", new byte[] {1}))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TimeoutException.class);
            // Within the ack timeout (the settings' floor is 2 ms), plus scheduling slack.
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(Math.max(ackTimeoutMs, 2) + SLACK_MS));
        } finally {
            producer.close(Duration.ZERO);
        }
    }
}

package io.payrecon.reconciler.intake;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Settings of a consumer that reads partitions it assigns itself, outside the consumer group (replays, rebuilds):
 * the listeners' settings (broker, security, deserialisation limits) without their group and static member id, so it
 * can neither commit the group's offsets nor take a listener's place.
 */
public final class ReaderSettings {

    private ReaderSettings() {}

    /**
     * @param clientId names the reader in the broker's logs and metrics
     * @param maxPollRecords records per poll
     */
    public static Map<String, Object> of(ConsumerFactory<?, ?> consumers, String clientId, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return Map.copyOf(config);
    }
}

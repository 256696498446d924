package io.payrecon.launcher.traffic;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A consumer without a group that reads a topic from its end as of now: what a watcher of new events needs. */
public final class TopicTail {

    private TopicTail() {}

    /**
     * @param kafka the broker and a login that may read {@code topic}
     *     <p>Assigned every partition of {@code topic}, positioned at its end now (before anything is sent), and fetching
     * with little delay so arrival times are close to the broker's.
     */
    public static KafkaConsumer<String, byte[]> fromNow(Map<String, Object> kafka, String topic) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the starting point now, before anything is sent
        return consumer;
    }
}

package io.payrecon.gateway.webhook;

import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The webhooks topic as a test reads it: from its end when opened, every record polled since kept in order. */
final class WebhookTopic implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    /** @param kafka the broker and a login that may read the webhooks */
    WebhookTopic(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.WEBHOOKS, Duration.ofSeconds(30)).stream()
                .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, before the test appends anything.
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
    }

    /** The first record of a delivery appended since the topic was opened, waiting for it if need be. */
    ConsumerRecord<String, byte[]> awaitDelivery(String deliveryId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            poll();
                            return recordsOf(deliveryId).stream().findFirst();
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Every record of a delivery polled so far. */
    List<ConsumerRecord<String, byte[]>> recordsOf(String deliveryId) {
        return seen.stream()
                .filter(record -> event(record).deliveryId().equals(deliveryId))
                .toList();
    }

    /** The delivery ids of every record polled so far, in the order of their partitions. */
    List<String> deliveryIds() {
        return seen.stream().map(record -> event(record).deliveryId()).toList();
    }

    void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    static WebhookReceived event(ConsumerRecord<String, byte[]> record) {
        return (WebhookReceived) EventCodec.read(record.value(), WebhookEvent.class);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

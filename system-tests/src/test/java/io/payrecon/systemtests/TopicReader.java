package io.payrecon.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning to its current end, as a downstream consumer that just started would. */
final class TopicReader {

    private final Map<String, Object> kafka;

    /** @param kafka the broker and a login that may read the topics (and, for {@link #consumersCaughtUp}, groups) */
    TopicReader(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** Every record of the topic up to the end offsets at the time of the call. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * True when every consumer group that reads the topic has committed up to its current end: all that was
     * appended so far has been processed.
     */
    boolean consumersCaughtUp(String topic) {
        try (Admin admin = Admin.create(kafka)) {
            Set<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toSet());
            ListOffsetsResult latest =
                    admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
            boolean anyReader = false;
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                if (committed.keySet().stream().noneMatch(partitions::contains)) {
                    continue;
                }
                anyReader = true;
                for (TopicPartition partition : partitions) {
                    long end = latest.partitionResult(partition).get().offset();
                    OffsetAndMetadata offset = committed.get(partition);
                    if (end > 0 && (offset == null || offset.offset() < end)) {
                        return false;
                    }
                }
            }
            return anyReader;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot read consumer offsets of " + topic, e);
        }
    }
}

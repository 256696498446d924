package io.payrecon.launcher.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics to their end and compares consumer groups' committed offsets with those ends. No group of its own. */
public final class LogReader {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Map<String, Object> kafka;

    /** @param kafka the broker and a login that may read every topic and every group's offsets: the super-user's */
    public LogReader(Map<String, Object> kafka) {
        this.kafka = Map.copyOf(kafka);
    }

    /** Every record of the topic up to its end offsets at the time of the call. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, PATIENCE).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, PATIENCE);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, PATIENCE) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + PATIENCE);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    /**
     * A consumer group's members as the broker sees them, and whether every partition of these topics is assigned to
     * one of them: after a member died, its partitions are with the survivors once it is gone from {@code members} and
     * {@code allAssigned} holds again.
     *
     * @param members by the member's id (the broker's, which a member keeps across rebalances), how many partitions of
     *     these topics it has
     * @param stable whether the group is not rebalancing
     */
    public record Group(Map<String, Integer> members, boolean stable, boolean allAssigned) {

        /** How many partitions these members had. */
        public int partitionsOf(Collection<String> memberIds) {
            return memberIds.stream()
                    .mapToInt(id -> members.getOrDefault(id, 0))
                    .sum();
        }
    }

    public Group group(String group, List<String> topics) {
        try (Admin admin = Admin.create(adminSettings())) {
            long partitions = 0;
            for (var description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                partitions += description.partitions().size();
            }
            var description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Map<String, Integer> members = new HashMap<>();
            Set<TopicPartition> assigned = new HashSet<>();
            for (var member : description.members()) {
                List<TopicPartition> own = member.assignment().topicPartitions().stream()
                        .filter(p -> topics.contains(p.topic()))
                        .toList();
                members.put(member.consumerId(), own.size());
                assigned.addAll(own);
            }
            return new Group(
                    Map.copyOf(members), description.groupState() == GroupState.STABLE, assigned.size() == partitions);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot describe consumer group " + group + ": " + e, e);
        }
    }

    private Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return settings;
    }

    /**
     * How many records of these topics the group has not committed yet: the sum over their partitions of the end
     * offset minus the committed one (all of it where the group committed nothing).
     */
    public long lag(String group, List<String> topics) {
        try (Admin admin = Admin.create(adminSettings())) {
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (var description :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                description
                        .partitions()
                        .forEach(p -> partitions.put(
                                new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(partitions).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (offset == null ? 0 : offset.offset()));
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot read the offsets of consumer group " + group + ": " + e, e);
        }
    }
}

package io.payrecon.reconciler.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The input topics read as one log, by a consumer of its own without a group (it commits nothing): every partition
 * from a start offset up to an end offset, each partition in its own order, the partitions merged by record time
 * (the time the record was appended, close to when the live listeners got it); at equal times the topics in the order
 * given (link events first), then by partition. Holds at most {@link #BUFFERED} records per partition in memory,
 * whatever the range: a rebuild of the whole log and a replay of any range stream through it. Shared by the
 * rebuild and the replay (their settings from {@link ReaderSettings}).
 */
public final class MergedLog implements AutoCloseable {

    public static final int BUFFERED = 500;
    private static final Duration POLL = Duration.ofMillis(500);
    /** Reading gives up when the broker gives nothing for this long although records are left to read. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> buffers = new HashMap<>();

    public MergedLog(Map<String, Object> consumerConfig, List<String> topics) {
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        partitions.forEach(partition -> buffers.put(partition, new ArrayDeque<>()));
        consumer.assign(partitions);
    }

    public List<TopicPartition> partitions() {
        return List.copyOf(partitions);
    }

    /** The first offset still on the log per partition: above 0 when retention deleted the oldest records. */
    public Map<TopicPartition, Long> beginnings() {
        return consumer.beginningOffsets(partitions);
    }

    /** The offset the next record will get, per partition: where a snapshot of the log ends. */
    public Map<TopicPartition, Long> ends() {
        return consumer.endOffsets(partitions);
    }

    /** The first offset of a record appended at or after {@code at}, per partition; the end when there is none. */
    public Map<TopicPartition, Long> offsetsAt(Instant at) {
        Map<TopicPartition, Long> ends = ends();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = found.get(partition);
            offsets.put(partition, offset == null ? ends.get(partition) : offset.offset());
        }
        return offsets;
    }

    /**
     * Hands every record from {@code from} (included) to {@code to} (excluded) to {@code sink}, in merged order.
     *
     * @throws Stalled when the broker stops giving records before the end
     */
    public void read(
            Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to,
            Consumer<ConsumerRecord<String, byte[]>> sink) {
        Set<TopicPartition> open = new HashSet<>();
        for (TopicPartition partition : partitions) {
            buffers.get(partition).clear();
            long start = from.getOrDefault(partition, 0L);
            if (start < to.getOrDefault(partition, 0L)) {
                consumer.seek(partition, start);
                open.add(partition);
            }
        }
        Comparator<ConsumerRecord<String, byte[]>> order = Comparator.comparingLong(
                        (ConsumerRecord<String, byte[]> record) -> record.timestamp())
                .thenComparingInt(record -> topics.indexOf(record.topic()))
                .thenComparingInt(ConsumerRecord::partition);
        Instant lastProgress = Instant.now();
        while (!open.isEmpty()) {
            if (open.stream().allMatch(partition -> !buffers.get(partition).isEmpty())) {
                ConsumerRecord<String, byte[]> next = open.stream()
                        .map(partition -> buffers.get(partition).peekFirst())
                        .min(order)
                        .orElseThrow();
                TopicPartition partition = new TopicPartition(next.topic(), next.partition());
                sink.accept(buffers.get(partition).pollFirst());
                if (buffers.get(partition).isEmpty() && consumer.position(partition) >= to.get(partition)) {
                    open.remove(partition);
                }
                continue;
            }
            List<TopicPartition> hungry = open.stream()
                    .filter(partition -> buffers.get(partition).size() < BUFFERED)
                    .toList();
            consumer.pause(partitions);
            consumer.resume(hungry);
            boolean got = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (open.contains(partition) && record.offset() < to.get(partition)) {
                    buffers.get(partition).addLast(record);
                    got = true;
                }
            }
            // a partition is done when its buffer is empty and its position reached the end (offsets may have gaps)
            open.removeIf(
                    partition -> buffers.get(partition).isEmpty() && consumer.position(partition) >= to.get(partition));
            if (got) {
                lastProgress = Instant.now();
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(STALL) > 0) {
                throw new Stalled("Reading the log stalled for " + STALL + " with " + open
                        + " not read to their end: is the broker reachable?");
            }
        }
    }

    /**
     * The broker stopped giving records before the end of what was asked: an outage (a job that meets it ends
     * {@code interrupted}, to be resumed once the broker is back), not a fault of the records.
     */
    public static final class Stalled extends IllegalStateException {
        Stalled(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

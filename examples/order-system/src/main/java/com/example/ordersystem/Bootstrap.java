package com.example.ordersystem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * docs/consumers.md, "Bootstrap": with an empty table, read the compacted topic to its end (no group, nothing
 * committed), then let the group start on the changes topic at {@code T0 - overlap} where it has no committed offset
 * yet; then start following. With rows in the table it only starts following: the group's offsets say where.
 */
@Component
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final OrderPaymentStatuses statuses;
    private final StatusEventHandler handler;
    private final OrderSystemProperties properties;
    private final KafkaProperties kafka;
    private final KafkaListenerEndpointRegistry listeners;
    private final Clock clock;

    Bootstrap(
            OrderPaymentStatuses statuses,
            StatusEventHandler handler,
            OrderSystemProperties properties,
            KafkaProperties kafka,
            KafkaListenerEndpointRegistry listeners,
            Clock clock) {
        this.statuses = statuses;
        this.handler = handler;
        this.properties = properties;
        this.kafka = kafka;
        this.listeners = listeners;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (statuses.isEmpty()) {
            bootstrap();
        } else {
            log.info(
                    "{} orders held: following {} from the group's offsets",
                    statuses.count(),
                    properties.statusTopic());
        }
        listeners.getListenerContainer(StatusListener.ID).start();
    }

    private void bootstrap() {
        Instant t0 = clock.instant();
        long records = readLatestToItsEnd();
        Map<Integer, Long> changesFrom = startGroupAt(t0.minus(properties.bootstrapOverlap()));
        statuses.recordBootstrap(t0, records, changesFrom.toString(), clock.instant());
        log.info(
                "Bootstrapped from {}: {} records, {} orders, in {} ms; the group starts {} at {} (T0 - {}) where it"
                        + " had no offset: {}",
                properties.latestTopic(),
                records,
                statuses.count(),
                Duration.between(t0, clock.instant()).toMillis(),
                properties.statusTopic(),
                t0.minus(properties.bootstrapOverlap()),
                properties.bootstrapOverlap(),
                changesFrom);
    }

    /** Every record of the compacted topic up to the end offsets read first, applied by the sequence rule. */
    private long readLatestToItsEnd() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: assigned partitions, nothing committed
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = partitions(consumer, properties.latestTopic());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handler.handle(record);
                    read++;
                }
            }
        }
        return read;
    }

    /**
     * Commits, for the group, the offsets of {@code from} on the changes topic for each partition that has no
     * committed offset yet (the end, where nothing was written since), so the listener starts there.
     *
     * @return the offsets committed, by partition
     */
    private Map<Integer, Long> startGroupAt(Instant from) {
        Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.buildConsumerProperties())) {
            List<TopicPartition> partitions = partitions(consumer, properties.statusTopic());
            consumer.assign(partitions); // to look up offsets; it reads nothing
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            List<TopicPartition> without = partitions.stream()
                    .filter(partition -> committed.get(partition) == null)
                    .toList();
            Map<TopicPartition, OffsetAndTimestamp> atTime = consumer.offsetsForTimes(without.stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> from.toEpochMilli())));
            Map<TopicPartition, Long> end = consumer.endOffsets(without);
            for (TopicPartition partition : without) {
                OffsetAndTimestamp found = atTime.get(partition);
                starts.put(partition, new OffsetAndMetadata(found != null ? found.offset() : end.get(partition)));
            }
            if (!starts.isEmpty()) {
                consumer.commitSync(starts);
            }
        }
        return starts.entrySet().stream()
                .collect(Collectors.toMap(
                        entry -> entry.getKey().partition(),
                        entry -> entry.getValue().offset(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }
}

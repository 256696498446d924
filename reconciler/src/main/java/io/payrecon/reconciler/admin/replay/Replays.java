package io.payrecon.reconciler.admin.replay;

import io.payrecon.events.EventCodec;
import io.payrecon.events.ProviderEvent;
import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.inbox.InboundRecord;
import io.payrecon.reconciler.inbox.Rejection;
import io.payrecon.reconciler.intake.ReaderSettings;
import io.payrecon.reconciler.order.OrderChange;
import io.payrecon.reconciler.order.OrderQueries;
import io.payrecon.reconciler.order.OrderReconciliation;
import io.payrecon.reconciler.order.StatusSink;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-runs the archived webhooks ({@code payments.webhooks.v1}) and observations
 * ({@code payments.provider-observations.v1}) of a time range through the listeners' own path,
 * {@link OrderReconciliation}. The range is found with {@code offsetsForTimes} and read by a consumer of its own,
 * without a group (it commits nothing and moves no one's offsets). Records are applied in time order, in pages of
 * {@link #PAGE}, one transaction each; facts applied before are recognised by delivery id or event id and change
 * nothing. A dry run applies everything in one transaction that is rolled back, and answers the status changes it
 * would have made. Poison records are reported, not dead-lettered (they are there already).
 */
@Component
class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    static final int PAGE = 500;
    /** A replay reads at most this many records: narrow the range (or give an order) beyond it. */
    static final int MAX_RECORDS = 100_000;

    private static final Duration POLL = Duration.ofMillis(500);

    private final OrderReconciliation reconciliation;
    private final OrderQueries orders;
    private final TransactionTemplate transactions;
    private final Map<String, Object> consumerConfig;

    Replays(
            OrderReconciliation reconciliation,
            OrderQueries orders,
            TransactionTemplate transactions,
            ConsumerFactory<?, ?> consumers) {
        this.reconciliation = reconciliation;
        this.orders = orders;
        this.transactions = transactions;
        this.consumerConfig = ReaderSettings.of(consumers, "reconciler-replay", PAGE);
    }

    /** A status change the replay made, or would make. */
    record Change(
            String orderId,
            long sequence,
            String from,
            String to,
            String paidAmount,
            String causeKind,
            String causeEventId,
            String deliveryId) {

        static Change of(OrderChange change) {
            return new Change(
                    change.orderId(),
                    change.sequence(),
                    change.previousStatus() == null
                            ? null
                            : change.previousStatus().name(),
                    change.status().name(),
                    change.paidAmount().toPlainString(),
                    change.cause().kind(),
                    change.cause().eventId() == null
                            ? null
                            : change.cause().eventId().toString(),
                    change.cause().deliveryId());
        }
    }

    /**
     * @param read records read in the range (of the order, when one was given)
     * @param rejected records that cannot be applied, with why
     */
    @Schema(name = "ReplayResult")
    record Result(
            boolean dryRun,
            Instant from,
            Instant to,
            String orderId,
            int read,
            int webhooks,
            int observations,
            List<String> rejected,
            List<Change> changes) {}

    Result replay(Instant from, Instant to, String orderId, boolean dryRun) {
        if (!from.isBefore(to)) {
            throw Problems.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        Set<String> requestIds = orderId == null ? null : requestIdsOf(orderId);
        List<InboundRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            read.addAll(read(consumer, Topics.WEBHOOKS, from, to));
            read.addAll(read(consumer, Topics.PROVIDER_OBSERVATIONS, from, to));
            read.stream()
                    .filter(record -> requestIds == null || concerns(record, requestIds))
                    .sorted(Comparator.comparingLong((ConsumerRecord<String, byte[]> record) -> record.timestamp())
                            .thenComparing(ConsumerRecord::topic)
                            .thenComparingInt(ConsumerRecord::partition)
                            .thenComparingLong(ConsumerRecord::offset))
                    .forEach(record -> records.add(new InboundRecord(
                            record.topic(), record.partition(), record.offset(), record.key(), record.value())));
        }
        int webhooks = (int) records.stream()
                .filter(record -> record.topic().equals(Topics.WEBHOOKS))
                .count();
        List<String> rejected = new ArrayList<>();
        StatusSink.Collecting collected = new StatusSink.Collecting(reconciliation.live());
        if (dryRun) {
            transactions.executeWithoutResult(tx -> {
                apply(records, rejected, collected);
                tx.setRollbackOnly();
            });
        } else {
            for (int start = 0; start < records.size(); start += PAGE) {
                List<InboundRecord> page = records.subList(start, Math.min(records.size(), start + PAGE));
                transactions.executeWithoutResult(tx -> apply(page, rejected, collected));
            }
        }
        List<Change> changes = collected.changes().stream()
                .sorted(Comparator.comparing(OrderChange::orderId).thenComparingLong(OrderChange::sequence))
                .map(Change::of)
                .toList();
        log.info(
                "Replay {}..{} (order {}, dry run {}): {} records, {} status changes, {} rejected",
                from,
                to,
                orderId,
                dryRun,
                records.size(),
                changes.size(),
                rejected.size());
        return new Result(
                dryRun, from, to, orderId, records.size(), webhooks, records.size() - webhooks, rejected, changes);
    }

    /** Applies records in their order, each run of one topic as one batch of the listeners' path. */
    private void apply(List<InboundRecord> records, List<String> rejected, StatusSink sink) {
        int start = 0;
        while (start < records.size()) {
            String topic = records.get(start).topic();
            int end = start;
            while (end < records.size() && records.get(end).topic().equals(topic)) {
                end++;
            }
            List<InboundRecord> run = records.subList(start, end);
            for (Rejection rejection : reconciliation.apply(topic, run, sink)) {
                rejected.add(run.get(rejection.index()) + ": " + rejection.reason());
            }
            start = end;
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(
            KafkaConsumer<String, byte[]> consumer, String topic, Instant from, Instant to) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = offsets(consumer, partitions, from, ends);
        Map<TopicPartition, Long> stops = offsets(consumer, partitions, to, ends);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Set<TopicPartition> open = new HashSet<>();
        for (TopicPartition partition : partitions) {
            if (starts.get(partition) < stops.get(partition)) {
                consumer.seek(partition, starts.get(partition));
                open.add(partition);
            }
        }
        consumer.assign(open);
        while (!open.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < stops.get(partition)) {
                    records.add(record);
                    if (records.size() > MAX_RECORDS) {
                        throw Problems.badRequest("More than " + MAX_RECORDS + " records on " + topic + " between "
                                + from + " and " + to + ": narrow the range or give an order");
                    }
                }
            }
            open.removeIf(partition -> consumer.position(partition) >= stops.get(partition));
            consumer.assign(open);
        }
        return records;
    }

    /** The first offset at or after {@code at} per partition; the end when there is none. */
    private static Map<TopicPartition, Long> offsets(
            KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions,
            Instant at,
            Map<TopicPartition, Long> ends) {
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

    /** Whether a record is about one of these request ids: by key, else by the request id in its event. */
    private static boolean concerns(ConsumerRecord<String, byte[]> record, Set<String> requestIds) {
        if (record.key() != null && requestIds.contains(record.key())) {
            return true;
        }
        try {
            if (record.topic().equals(Topics.WEBHOOKS)) {
                return EventCodec.read(record.value(), WebhookEvent.class) instanceof WebhookReceived webhook
                        && requestIds.contains(webhook.requestId());
            }
            return EventCodec.read(record.value(), ProviderEvent.class) instanceof ProviderStatusObserved observed
                    && requestIds.contains(observed.requestId());
        } catch (RuntimeException e) {
            return false; // not readable: not this order's, as far as anyone can tell
        }
    }

    private Set<String> requestIdsOf(String orderId) {
        Set<String> requestIds = new HashSet<>(orders.requestIds(orderId));
        if (requestIds.isEmpty()) {
            throw Problems.unknownOrder("No order " + orderId + " with request ids in the reconciler");
        }
        return requestIds;
    }
}

package io.payrecon.reconciler.admin.orders;

import io.payrecon.events.EventCodec;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.intake.ReaderSettings;
import io.payrecon.requestclient.DeliveryIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * A webhook delivery as the gateway appended it (raw body and headers), read back from {@code payments.webhooks.v1}:
 * the reconciler keeps only what became of a delivery, the log keeps the delivery. The record is keyed by its request
 * id, so it is on that key's partition; it is looked for from a minute before it was received, for at most
 * {@link #SCAN} records or until records are {@link #WINDOW} younger than it, by a reader without a group (it commits
 * nothing). Gone once the topic's retention dropped it. The whole read is given {@link #DEADLINE}: with the broker
 * unreachable {@code poll} returns nothing and the position never moves, so without it the page would wait forever.
 */
@Component
class RawDeliveries {

    static final int SCAN = 20_000;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> consumerConfig;

    RawDeliveries(ConsumerFactory<?, ?> consumers) {
        this.consumerConfig = ReaderSettings.of(consumers, "reconciler-console-delivery", 500);
    }

    /** A delivery whole: its headers as received, its body as text (the provider sends JSON). */
    record Raw(WebhookReceived webhook, String bodyText, int partition, long offset) {}

    /** The webhook topic could not be read within {@link #DEADLINE}. */
    static ErrorResponseException unreadable() {
        return Problems.problem(
                ProblemType.BROKER_UNAVAILABLE,
                "Webhook topic unreadable",
                "The webhook topic could not be read within " + DEADLINE.toSeconds() + " s; try again. What became "
                        + "of the delivery is on the order's page.");
    }

    /** The delivery, or empty when it is not there; {@link #unreadable()} when the topic cannot be read in time. */
    Optional<Raw> find(String deliveryId, String requestId, Instant receivedAt) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            return find(consumer, deliveryId, requestId, receivedAt, deadline);
        } catch (TimeoutException e) {
            throw unreadable();
        }
    }

    private static Duration left(long deadline) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw unreadable();
        }
        return Duration.ofNanos(nanos);
    }

    private Optional<Raw> find(
            KafkaConsumer<String, byte[]> consumer,
            String deliveryId,
            String requestId,
            Instant receivedAt,
            long deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.WEBHOOKS, left(deadline));
        if (infos == null || infos.isEmpty()) {
            throw unreadable();
        }
        int partitions = infos.size();
        String key = requestId == null ? deliveryId : requestId;
        TopicPartition partition = new TopicPartition(
                Topics.WEBHOOKS, Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions);
        consumer.assign(List.of(partition));
        long from = receivedAt.minus(Duration.ofMinutes(1)).toEpochMilli();
        OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(partition, from), left(deadline))
                .get(partition);
        if (start == null) {
            return Optional.empty();
        }
        long end = consumer.endOffsets(List.of(partition), left(deadline)).get(partition);
        consumer.seek(partition, start.offset());
        long stopAt = receivedAt.plus(WINDOW).toEpochMilli();
        int read = 0;
        while (consumer.position(partition, left(deadline)) < end && read < SCAN) {
            Duration left = left(deadline);
            for (ConsumerRecord<String, byte[]> record : consumer.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
                read++;
                if (record.timestamp() > stopAt) {
                    return Optional.empty();
                }
                if (!key.equals(record.key()) || record.value() == null) {
                    continue;
                }
                Optional<WebhookReceived> webhook = webhook(record.value());
                if (webhook.isPresent() && matches(webhook.get().deliveryId(), deliveryId)) {
                    return Optional.of(new Raw(
                            webhook.get(),
                            new String(webhook.get().body(), StandardCharsets.UTF_8),
                            record.partition(),
                            record.offset()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String sent, String recorded) {
        return recorded.equals(sent) || (!DeliveryIds.isSafe(sent) && recorded.equals(DeliveryIds.safe(sent)));
    }

    private static Optional<WebhookReceived> webhook(byte[] value) {
        try {
            return EventCodec.read(value, WebhookEvent.class) instanceof WebhookReceived received
                    ? Optional.of(received)
                    : Optional.empty();
        } catch (RuntimeException notAnEvent) {
            return Optional.empty();
        }
    }
}

package io.payrecon.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends one batch and waits until the broker acknowledged all of it.
 *
 * <p>Copies ({@code outbox.copies}): a record of a copied topic is sent to each of its copy topics first, then to its
 * own, with the same key, value and headers; the batch counts as acknowledged only when every copy and every record
 * is. The guarantees below hold on each topic alike: at least once, a key's records in order.
 *
 * <p>Ordering: the producer is idempotent and never gives up on its own (unbounded delivery timeout), so per
 * partition the broker holds a prefix of what was sent. When anything fails or the batch is not acknowledged in
 * time, the producer is closed at once, discarding what it had not sent, and a fresh one is made for the next
 * attempt, which starts again from the oldest unpublished record. A key can thus be published twice. One case is
 * known to break the order: a round that times out while the partition has no leader (README, "Known limit").
 */
final class RecordPublisher {

    private final Supplier<Producer<String, byte[]>> producers;
    private final Duration timeout;
    private final Map<String, List<String>> copies;
    private volatile Producer<String, byte[]> producer;

    /** @param copies by source topic, the topics each of its records is copied to first ({@code outbox.copies}) */
    RecordPublisher(Supplier<Producer<String, byte[]>> producers, Duration timeout, Map<String, List<String>> copies) {
        this.producers = producers;
        this.timeout = timeout;
        this.copies = Map.copyOf(copies);
    }

    void publish(List<PendingRecord> batch) throws PublishFailedException, InterruptedException {
        List<ProducerRecord<String, byte[]>> sends = sends(batch);
        Producer<String, byte[]> current = producer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch acknowledged = new CountDownLatch(sends.size());
        for (ProducerRecord<String, byte[]> send : sends) {
            if (failure.get() != null) {
                break;
            }
            try {
                current.send(send, (metadata, exception) -> {
                    if (exception != null && failure.compareAndSet(null, exception)) {
                        closeNow(current);
                    }
                    acknowledged.countDown();
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
        if (failure.get() == null && !acknowledged.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            failure.compareAndSet(
                    null,
                    new TimeoutException("the broker did not acknowledge " + sends.size() + " records (" + batch.size()
                            + " and their copies) within " + timeout));
        }
        if (failure.get() != null) {
            discard(current);
            throw new PublishFailedException(failure.get());
        }
    }

    /** Stops sending at once; what was not sent yet is published again by the next attempt. */
    void close() {
        Producer<String, byte[]> current = producer;
        if (current != null) {
            discard(current);
        }
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = producers.get();
            producer = current;
        }
        return current;
    }

    private void discard(Producer<String, byte[]> failed) {
        if (producer == failed) {
            producer = null;
        }
        closeNow(failed);
    }

    private static void closeNow(Producer<String, byte[]> producer) {
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // already closed or closing: nothing more to stop
        }
    }

    /** What one batch sends, in this order: per record, its copies first, then the record itself. */
    private List<ProducerRecord<String, byte[]>> sends(List<PendingRecord> batch) {
        List<ProducerRecord<String, byte[]>> sends = new ArrayList<>(batch.size());
        for (PendingRecord record : batch) {
            for (String copy : copies.getOrDefault(record.topic(), List.of())) {
                sends.add(toProducerRecord(copy, record));
            }
            sends.add(toProducerRecord(record.topic(), record));
        }
        return sends;
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(String topic, PendingRecord record) {
        List<Header> headers = new ArrayList<>(record.headers().size());
        record.headers()
                .forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(topic, null, record.key(), record.payload(), headers);
    }

    /** Producer settings the ordering and durability guarantees rely on; they override the application's. */
    static Map<String, Object> requiredSettings(Duration publishTimeout) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("enable.idempotence", true);
        settings.put("acks", "all");
        settings.put("max.in.flight.requests.per.connection", 5);
        settings.put("retries", Integer.MAX_VALUE);
        settings.put("delivery.timeout.ms", Integer.MAX_VALUE);
        settings.put("max.block.ms", publishTimeout.toMillis());
        settings.put("key.serializer", StringSerializer.class);
        settings.put("value.serializer", ByteArraySerializer.class);
        return settings;
    }

    /** A batch was not (fully) acknowledged; none of its records were deleted. */
    static final class PublishFailedException extends Exception {
        PublishFailedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}

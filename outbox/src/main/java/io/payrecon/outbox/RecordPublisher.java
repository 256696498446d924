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

/**
 * Sends one batch and waits until the broker acknowledged all of it.
 *
 * <p>Ordering: the producer is idempotent and never gives up on its own (unbounded delivery timeout), so per
 * partition the broker holds a prefix of what was sent. When anything fails or the batch is not acknowledged in
 * time, the producer is closed at once, discarding what it had not sent, and a fresh one is made for the next
 * attempt, which starts again from the oldest unpublished record. A key can thus be published twice, never out of
 * order.
 */
final class RecordPublisher {

    private final Supplier<Producer<String, byte[]>> producers;
    private final Duration timeout;
    private volatile Producer<String, byte[]> producer;

    RecordPublisher(Supplier<Producer<String, byte[]>> producers, Duration timeout) {
        this.producers = producers;
        this.timeout = timeout;
    }

    void publish(List<PendingRecord> batch) throws PublishFailedException, InterruptedException {
        Producer<String, byte[]> current = producer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch acknowledged = new CountDownLatch(batch.size());
        for (PendingRecord record : batch) {
            if (failure.get() != null) {
                break;
            }
            try {
                current.send(toProducerRecord(record), (metadata, exception) -> {
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
                    new TimeoutException(
                            "the broker did not acknowledge " + batch.size() + " records within " + timeout));
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

    private static ProducerRecord<String, byte[]> toProducerRecord(PendingRecord record) {
        List<Header> headers = new ArrayList<>(record.headers().size());
        record.headers()
                .forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(record.topic(), null, record.key(), record.payload(), headers);
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
        settings.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        settings.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return settings;
    }

    /** A batch was not (fully) acknowledged; none of its records were deleted. */
    static final class PublishFailedException extends Exception {
        PublishFailedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}

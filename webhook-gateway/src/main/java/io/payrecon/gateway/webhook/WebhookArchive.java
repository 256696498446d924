package io.payrecon.gateway.webhook;

import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.gateway.GatewayProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Appends deliveries to {@link Topics#WEBHOOKS}, the archive every consumer reads them from, and waits for the
 * broker's acknowledgement ({@code acks=all}, see {@link ProducerSettings}) no longer than
 * {@code gateway.ack-timeout}. A delivery counts as received only once this returned.
 */
@Component
class WebhookArchive {

    static final String SOURCE = "/webhook-gateway";

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration ackTimeout;

    WebhookArchive(KafkaTemplate<String, byte[]> kafka, GatewayProperties properties) {
        this.kafka = kafka;
        this.ackTimeout = properties.ackTimeout();
    }

    /**
     * Returns once the broker acknowledged the event.
     *
     * @throws Unavailable when it did not within the ack timeout; the record may still be written later, which is
     *     harmless: the provider sends the delivery again and consumers deduplicate by delivery id
     */
    RecordMetadata append(WebhookReceived event) throws Unavailable {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        ProducerRecord<String, byte[]> record = recordOf(event);
        CompletableFuture<SendResult<String, byte[]>> acknowledgement;
        try {
            acknowledgement = kafka.send(record);
        } catch (RuntimeException e) {
            // Failed before the record was handed over, e.g. no metadata within max.block.ms: the broker is
            // unreachable since startup, or the producer is closing.
            throw new Unavailable(ackTimeout, e);
        }
        try {
            return acknowledgement
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .getRecordMetadata();
        } catch (ExecutionException e) {
            throw new Unavailable(ackTimeout, e.getCause());
        } catch (TimeoutException e) {
            throw new Unavailable(ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(ackTimeout, e);
        }
    }

    /** The record of an event: keyed by {@link WebhookReceived#key()}, the event's JSON, CloudEvents headers. */
    static ProducerRecord<String, byte[]> recordOf(WebhookReceived event) {
        List<Header> headers = CloudEventHeaders.of(event, SOURCE).entrySet().stream()
                .<Header>map(header -> new RecordHeader(header.getKey(), header.getValue()))
                .toList();
        return new ProducerRecord<>(Topics.WEBHOOKS, null, event.key(), EventCodec.write(event), headers);
    }

    /** The broker did not acknowledge in time, or refused the record. */
    static final class Unavailable extends Exception {

        private final Duration waited;

        Unavailable(Duration waited, Throwable cause) {
            super("No acknowledgement from the broker within " + waited.toMillis() + " ms", cause);
            this.waited = waited;
        }

        Duration waited() {
            return waited;
        }
    }
}

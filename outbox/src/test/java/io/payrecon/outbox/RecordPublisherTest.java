package io.payrecon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What one batch sends and when it counts as acknowledged, copies included, on Kafka's own mock producer. */
class RecordPublisherTest {

    private static final String CHANGES = "orders.changes";
    private static final String LATEST = "orders.latest";
    private static final String OTHER = "links";

    @Test
    void aRecordOfACopiedTopicGoesToItsCopyFirstWithTheSameKeyValueAndHeaders() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        PendingRecord first = record(1, CHANGES, "order-1");
        PendingRecord other = record(2, OTHER, "order-1");
        PendingRecord second = record(3, CHANGES, "order-2");

        publisher(producer, Duration.ofSeconds(5)).publish(List.of(first, other, second));

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent)
                .extracting(ProducerRecord::topic, ProducerRecord::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LATEST, "order-1"),
                        org.assertj.core.groups.Tuple.tuple(CHANGES, "order-1"),
                        org.assertj.core.groups.Tuple.tuple(OTHER, "order-1"),
                        org.assertj.core.groups.Tuple.tuple(LATEST, "order-2"),
                        org.assertj.core.groups.Tuple.tuple(CHANGES, "order-2"));
        assertThat(sent.get(0).value()).isEqualTo(sent.get(1).value()).isEqualTo(first.payload());
        assertThat(headers(sent.get(0))).isEqualTo(headers(sent.get(1))).isEqualTo(first.headers());
        assertThat(sent.get(0).partition())
                .as("partitioned by key, like the original")
                .isNull();
    }

    @Test
    void aBatchIsAcknowledgedOnlyOnceTheCopiesAndTheRecordsAllAre() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        RecordPublisher publisher = publisher(producer, Duration.ofSeconds(30));

        CompletableFuture<Void> published = publishAsync(publisher, List.of(record(1, CHANGES, "order-3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);

        assertThat(producer.completeNext()).as("the copy acknowledged").isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !published.isDone());

        assertThat(producer.completeNext()).as("the record acknowledged").isTrue();
        published.get();
    }

    @Test
    void aRecordAcknowledgedWhoseCopyFailedIsAFailedBatch() {
        MockProducer<String, byte[]> producer = producer(false);
        RecordPublisher publisher = publisher(producer, Duration.ofMillis(500));

        CompletableFuture<Void> published = publishAsync(publisher, List.of(record(1, CHANGES, "order-4")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        producer.errorNext(new org.apache.kafka.common.errors.TopicAuthorizationException(LATEST));
        producer.completeNext();

        assertThatThrownBy(published::join)
                .hasCauseInstanceOf(RecordPublisher.PublishFailedException.class)
                .hasMessageContaining(LATEST);
    }

    @Test
    void withoutCopiesEachRecordIsSentOnce() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);

        new RecordPublisher(() -> producer, Duration.ofSeconds(5), Map.of())
                .publish(List.of(record(1, CHANGES, "order-5"), record(2, OTHER, "order-5")));

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(CHANGES, OTHER);
    }

    private static RecordPublisher publisher(MockProducer<String, byte[]> producer, Duration timeout) {
        return new RecordPublisher(() -> producer, timeout, Map.of(CHANGES, List.of(LATEST)));
    }

    private static CompletableFuture<Void> publishAsync(RecordPublisher publisher, List<PendingRecord> batch) {
        return CompletableFuture.runAsync(() -> {
            try {
                publisher.publish(batch);
            } catch (RecordPublisher.PublishFailedException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static PendingRecord record(long id, String topic, String key) {
        UUID eventId = UUID.randomUUID();
        return new PendingRecord(
                id,
                topic,
                key,
                eventId,
                "order.payment-status-changed",
                Map.of("ce_id", eventId.toString(), "ce_type", "order.payment-status-changed"),
                ("{\"eventId\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}

package io.payrecon.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.payrecon.devstack.DevStack;
import io.payrecon.events.CloudEventHeaders;
import io.payrecon.events.EventCodec;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.PaymentLinkCreated;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(classes = OutboxTestApplication.class)
class OutboxIT {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(60);

    /** The copies of application.properties: each record appended for the first is published to the second too. */
    private static final String COPIED = "outbox-test.copied";

    private static final String COPY = "outbox-test.copied-latest";
    private static final String COPIED_LATE = "outbox-test.copied-late";
    private static final String COPY_CREATED_LATE = "outbox-test.copy-created-late";

    /** The library's test app plays no principal of the access table: it publishes to topics of its own, as admin. */
    @DynamicPropertySource
    static void devstack(DynamicPropertyRegistry registry) {
        DevStack.shared().springPropertiesAsSuperUser().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void appendedEventIsPublishedWithKeyPayloadAndCloudEventHeaders() {
        String topic = newTopic();
        PaymentLinkCreated event = event("order-1", 1);

        transactions.executeWithoutResult(status -> outbox.append(topic, event));

        ConsumerRecord<String, byte[]> record =
                consume(topic, records -> !records.isEmpty()).get(0);
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(EventCodec.read(record.value(), LinkEvent.class)).isEqualTo(event);
        assertThat(headers(record))
                .containsEntry(CloudEventHeaders.ID, event.eventId().toString())
                .containsEntry(CloudEventHeaders.TYPE, "payment-link.created")
                .containsEntry(CloudEventHeaders.SOURCE, "/outbox-test")
                .containsEntry(CloudEventHeaders.TIME, event.occurredAt().toString())
                .containsEntry(CloudEventHeaders.SPEC_VERSION, "1.0");
        await().atMost(PUBLISHED_WITHIN).until(() -> meters.timer("outbox.lag").count() > 0);
    }

    @Test
    void rolledBackAppendIsNeverPublished() {
        String topic = newTopic();
        PaymentLinkCreated rolledBack = event("order-2", 1);
        PaymentLinkCreated committed = event("order-2", 2);

        transactions.executeWithoutResult(status -> {
            outbox.append(topic, rolledBack);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> outbox.append(topic, committed));

        // Same key, same partition: had the first been published, it would come before the second.
        List<ConsumerRecord<String, byte[]>> records = consume(topic, received -> !received.isEmpty());
        assertThat(records).extracting(OutboxIT::eventId).containsExactly(committed.eventId());
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.append(newTopic(), event("order-3", 1)))
                .isInstanceOf(IllegalTransactionStateException.class)
                .hasMessageContaining("MANDATORY");
    }

    @Test
    void eventsOfOneKeyArePublishedInCommitOrder() {
        String topic = newTopic();
        List<String> keys = List.of("order-a", "order-b", "order-c", "order-d");
        int perWriter = 60;

        appendConcurrently(topic, keys, perWriter, List.of(new Writer(outbox, transactions, jdbc)));

        Map<String, List<Long>> sequences =
                sequencesByKey(consume(topic, received -> distinctEvents(received) == keys.size() * 2 * perWriter));
        keys.forEach(key -> assertThat(sequences.get(key))
                .as("commit order of %s", key)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 2 * perWriter)
                        .mapToObj(Long::valueOf)
                        .toList()));
    }

    @Test
    void eventsAppendedTogetherArePublishedInListOrderPerKeyWithTheirHeaders() {
        String topic = newTopic();
        List<PaymentLinkCreated> events = IntStream.rangeClosed(1, 30)
                .mapToObj(sequence -> event(sequence % 3 == 0 ? "order-k" : "order-l", sequence))
                .toList();

        transactions.executeWithoutResult(status -> outbox.appendAll(topic, events));

        List<ConsumerRecord<String, byte[]>> records = consume(topic, received -> distinctEvents(received) == 30);
        Map<String, List<Long>> sequences = sequencesByKey(records);
        assertThat(sequences.get("order-k"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 30)
                        .filter(sequence -> sequence % 3 == 0)
                        .mapToObj(Long::valueOf)
                        .toList());
        assertThat(sequences.get("order-l"))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 30)
                        .filter(sequence -> sequence % 3 != 0)
                        .mapToObj(Long::valueOf)
                        .toList());
        ConsumerRecord<String, byte[]> first = records.stream()
                .filter(record -> eventId(record).equals(events.get(0).eventId()))
                .findFirst()
                .orElseThrow();
        assertThat(EventCodec.read(first.value(), LinkEvent.class)).isEqualTo(events.get(0));
        assertThat(headers(first))
                .containsEntry(CloudEventHeaders.ID, events.get(0).eventId().toString())
                .containsEntry(CloudEventHeaders.TYPE, "payment-link.created")
                .containsEntry(CloudEventHeaders.SOURCE, "/outbox-test");
    }

    @Test
    void appendingNothingTogetherNeedsNoTransactionAndStoresNothing() {
        outbox.appendAll(newTopic(), List.of());

        assertThatThrownBy(() -> outbox.appendAll(newTopic(), List.of(event("order-m", 1))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void twoRelaysPublishEveryEventOnceInOrderPerKey() {
        String topic = newTopic();
        List<String> keys = List.of("order-e", "order-f", "order-g");
        int perWriter = 50;
        int events = keys.size() * 2 * perWriter;
        try (ConfigurableApplicationContext second = secondInstance()) {
            double failuresBefore = publishFailures(context) + publishFailures(second);
            appendConcurrently(
                    topic,
                    keys,
                    perWriter,
                    List.of(
                            new Writer(outbox, transactions, jdbc),
                            new Writer(
                                    second.getBean(Outbox.class),
                                    second.getBean(TransactionTemplate.class),
                                    second.getBean(JdbcClient.class))));
            // Every row deleted: both relays are done with this topic, so nothing more can reach it.
            await().atMost(PUBLISHED_WITHIN).until(() -> pending(topic) == 0);

            List<ConsumerRecord<String, byte[]>> records = consumeToEnd(topic);
            // At least once allows a repeat only after a failed relay round (a batch not acknowledged in time is
            // sent again); with the broker up there is none, and two relays must not both publish a row.
            assertThat(publishFailures(context) + publishFailures(second))
                    .as("failed relay rounds, after which a repeat would be allowed")
                    .isEqualTo(failuresBefore);
            assertThat(records).as("records published for %d events", events).hasSize(events);
            assertThat(distinctEvents(records)).isEqualTo(events);
            Map<String, List<Long>> sequences = sequencesByKey(records);
            keys.forEach(key -> assertThat(sequences.get(key))
                    .as("commit order of %s", key)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 2 * perWriter)
                            .mapToObj(Long::valueOf)
                            .toList()));
        }
    }

    @Test
    void relaysOfSeveralLanesPublishEveryEventOnceInCommitOrderPerKey() {
        String topic = newTopic();
        List<String> keys =
                IntStream.rangeClosed(1, 12).mapToObj(i -> "order-lane-" + i).toList();
        int perWriter = 20;
        int events = keys.size() * 2 * perWriter;
        // three relays at once, of 1, 4 and 3 lanes: a slot is published by one lane of one instance at a time
        try (ConfigurableApplicationContext four = secondInstance(Map.of("outbox.lanes", 4));
                ConfigurableApplicationContext three = secondInstance(Map.of("outbox.lanes", 3))) {
            double failuresBefore = publishFailures(context) + publishFailures(four) + publishFailures(three);
            appendConcurrently(
                    topic,
                    keys,
                    perWriter,
                    List.of(
                            new Writer(
                                    four.getBean(Outbox.class),
                                    four.getBean(TransactionTemplate.class),
                                    four.getBean(JdbcClient.class)),
                            new Writer(
                                    three.getBean(Outbox.class),
                                    three.getBean(TransactionTemplate.class),
                                    three.getBean(JdbcClient.class))));
            await().atMost(PUBLISHED_WITHIN).until(() -> pending(topic) == 0);

            List<ConsumerRecord<String, byte[]>> records = consumeToEnd(topic);
            assertThat(publishFailures(context) + publishFailures(four) + publishFailures(three))
                    .as("failed relay rounds, after which a repeat would be allowed")
                    .isEqualTo(failuresBefore);
            assertThat(records).as("records published for %d events", events).hasSize(events);
            Map<String, List<Long>> sequences = sequencesByKey(records);
            keys.forEach(key -> assertThat(sequences.get(key))
                    .as("commit order of %s", key)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 2 * perWriter)
                            .mapToObj(Long::valueOf)
                            .toList()));
        }
    }

    @Test
    void aKeyWhoseSlotAnotherRelayHoldsWaitsWhileTheOtherSlotsArePublished() throws Exception {
        String topic = newTopic();
        String held = "order-held";
        String other = IntStream.range(0, 1000)
                .mapToObj(i -> "order-free-" + i)
                .filter(key -> slotOf(key) != slotOf(held))
                .findFirst()
                .orElseThrow();
        try (HeldLock lock = HeldLock.take(
                dataSource,
                "SELECT pg_advisory_lock(hashtext(:scope), :slot)",
                "SELECT pg_advisory_unlock(hashtext(:scope), :slot)",
                Map.of("scope", "io.payrecon.outbox.relay-slot:outbox_test", "slot", slotOf(held)))) {
            transactions.executeWithoutResult(status -> {
                outbox.append(topic, event(held, 1));
                outbox.append(topic, event(other, 1));
            });

            consume(topic, received -> !withKeys(received, other).isEmpty());
            assertThat(pendingOf(topic, held)).as("rows of the held slot").isEqualTo(1);
        }

        Map<String, List<Long>> sequences = sequencesByKey(consume(topic, received -> distinctEvents(received) == 2));
        assertThat(sequences).containsEntry(held, List.of(1L)).containsEntry(other, List.of(1L));
    }

    @Test
    void noLanePublishesWhileARelayOfTheEarlierVersionHoldsTheWholeOutbox() throws Exception {
        String topic = newTopic();
        try (HeldLock lock = HeldLock.take(
                dataSource,
                "SELECT pg_advisory_lock(:key)",
                "SELECT pg_advisory_unlock(:key)",
                Map.of("key", OutboxRecords.relayLockKey("outbox_test")))) {
            transactions.executeWithoutResult(status -> outbox.append(topic, event("order-upgrade", 1)));
            Thread.sleep(1_000); // a woken relay publishes within milliseconds; here it must not
            assertThat(pending(topic)).isEqualTo(1);
        }

        assertThat(sequencesByKey(consume(topic, received -> distinctEvents(received) == 1)))
                .containsEntry("order-upgrade", List.of(1L));
    }

    @Test
    void aSecondAppendForAKeyWaitsForTheFirstTransactionAndIsPublishedAfterIt() throws Exception {
        String topic = newTopic();
        PaymentLinkCreated first = event("order-n", 1);
        PaymentLinkCreated second = event("order-n", 2);
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Integer> secondBackend = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> t1 = CompletableFuture.runAsync(
                    () -> transactions.executeWithoutResult(status -> {
                        outbox.append(topic, first);
                        firstAppended.countDown();
                        awaitLatch(commitFirst);
                    }),
                    threads);
            assertThat(firstAppended.await(PUBLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                    .as("first transaction appended")
                    .isTrue();
            CompletableFuture<Void> t2 = CompletableFuture.runAsync(
                    () -> transactions.executeWithoutResult(status -> {
                        secondBackend.complete(backendPid());
                        outbox.append(topic, second);
                    }),
                    threads);
            int t2Pid = secondBackend.get(PUBLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS);

            // T2's session waits on the key's advisory lock, which T1 holds until it ends.
            await().atMost(PUBLISHED_WITHIN).until(() -> "Lock/advisory".equals(waitEventOf(t2Pid)));
            assertThat(t2)
                    .as("second append, while the first transaction is open")
                    .isNotDone();

            commitFirst.countDown();
            t1.get(PUBLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            t2.get(PUBLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } finally {
            commitFirst.countDown();
            threads.shutdown();
        }

        assertThat(sequencesByKey(consume(topic, received -> distinctEvents(received) == 2)))
                .containsExactly(Map.entry("order-n", List.of(1L, 2L)));
    }

    @Test
    void eventsAppendedWhileTheBrokerIsDownArePublishedWhenItReturns() {
        String topic = newTopic();
        double failuresBefore = meters.counter("outbox.publish.failures").count();
        DevStack.shared().kafka().stop();
        try {
            IntStream.rangeClosed(1, 20)
                    .forEach(sequence -> transactions.executeWithoutResult(status ->
                            outbox.append(topic, event(sequence % 2 == 0 ? "order-h" : "order-i", sequence))));

            await().atMost(PUBLISHED_WITHIN)
                    .until(() -> meters.counter("outbox.publish.failures").count() > failuresBefore);
            assertThat(meters.get("outbox.backlog").gauge().value()).isGreaterThanOrEqualTo(20);
        } finally {
            DevStack.shared().kafka().start();
        }

        Map<String, List<Long>> sequences = sequencesByKey(consume(topic, received -> distinctEvents(received) == 20));
        assertThat(sequences.get("order-h")).containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L);
        assertThat(sequences.get("order-i")).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L);
        await().atMost(PUBLISHED_WITHIN)
                .until(() -> meters.get("outbox.backlog").gauge().value() == 0);
    }

    @Test
    void eventsAppendedWhileTheRelayIsStoppedArePublishedAfterItRestarts() {
        String topic = newTopic();
        OutboxRelay relay = context.getBean(OutboxRelay.class);
        relay.stop();
        try {
            IntStream.rangeClosed(1, 10)
                    .forEach(sequence -> transactions.executeWithoutResult(
                            status -> outbox.append(topic, event("order-j", sequence))));
            assertThat(jdbc.sql("SELECT count(*) FROM outbox_record WHERE topic = :topic")
                            .param("topic", topic)
                            .query(Long.class)
                            .single())
                    .isEqualTo(10);
        } finally {
            relay.start();
        }

        Map<String, List<Long>> sequences = sequencesByKey(consume(topic, received -> distinctEvents(received) == 10));
        assertThat(sequences.get("order-j")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void eventsOfACopiedTopicAreAlsoPublishedToItsCopyFirstWithTheSameKeyValueAndHeaders() {
        DevStack.shared().ensureTopics(List.of(COPIED, COPY));
        String key = "order-copy-" + UUID.randomUUID();
        String otherKey = key + "-other";
        List<PaymentLinkCreated> events = IntStream.rangeClosed(1, 12)
                .mapToObj(sequence -> event(sequence % 2 == 0 ? key : otherKey, sequence))
                .toList();

        transactions.executeWithoutResult(status -> outbox.appendAll(COPIED, events.subList(0, 6)));
        events.subList(6, 12)
                .forEach(event -> transactions.executeWithoutResult(status -> outbox.append(COPIED, event)));

        await().atMost(PUBLISHED_WITHIN).until(() -> pending(COPIED) == 0);
        List<ConsumerRecord<String, byte[]>> originals = withKeys(consumeToEnd(COPIED), key, otherKey);
        List<ConsumerRecord<String, byte[]>> copies = withKeys(consumeToEnd(COPY), key, otherKey);
        assertThat(distinctEvents(originals)).isEqualTo(events.size());
        assertThat(sequencesByKey(copies))
                .as("each key's events on the copy, in commit order")
                .isEqualTo(sequencesByKey(originals))
                .containsEntry(key, List.of(2L, 4L, 6L, 8L, 10L, 12L));
        Map<UUID, ConsumerRecord<String, byte[]>> copyOf = new HashMap<>();
        copies.forEach(copy -> copyOf.putIfAbsent(eventId(copy), copy));
        for (ConsumerRecord<String, byte[]> original : originals) {
            ConsumerRecord<String, byte[]> copy = copyOf.get(eventId(original));
            assertThat(copy).as("the copy of %s", eventId(original)).isNotNull();
            assertThat(copy.key()).isEqualTo(original.key());
            assertThat(copy.value()).isEqualTo(original.value());
            assertThat(headers(copy)).isEqualTo(headers(original));
            // The producer stamps a record when it is sent, and the copy is sent first.
            assertThat(copy.timestamp()).as("copy sent first").isLessThanOrEqualTo(original.timestamp());
        }
    }

    @Test
    void aRowStaysInTheOutboxUntilItsCopyIsAcknowledgedToo() {
        DevStack.shared().ensureTopics(List.of(COPIED_LATE));
        double failuresBefore = meters.counter("outbox.publish.failures").count();
        PaymentLinkCreated event = event("order-copy-late", 1);

        transactions.executeWithoutResult(status -> outbox.append(COPIED_LATE, event));

        // Its copy topic does not exist (and the broker creates none by itself): the round fails, the row stays.
        await().atMost(PUBLISHED_WITHIN)
                .until(() -> meters.counter("outbox.publish.failures").count() > failuresBefore + 1);
        assertThat(pending(COPIED_LATE)).isEqualTo(1);

        DevStack.shared().ensureTopics(List.of(COPY_CREATED_LATE));

        await().atMost(PUBLISHED_WITHIN).until(() -> pending(COPIED_LATE) == 0);
        assertThat(consumeToEnd(COPY_CREATED_LATE))
                .extracting(OutboxIT::eventId)
                .containsExactly(event.eventId());
        assertThat(consumeToEnd(COPIED_LATE)).extracting(OutboxIT::eventId).contains(event.eventId());
    }

    @Test
    void eventsOfACopiedTopicAppendedWhileTheBrokerIsDownReachTheTopicAndItsCopyWhenItReturns() {
        DevStack.shared().ensureTopics(List.of(COPIED, COPY));
        String even = "order-outage-" + UUID.randomUUID();
        String odd = even + "-odd";
        double failuresBefore = meters.counter("outbox.publish.failures").count();
        DevStack.shared().kafka().stop();
        try {
            IntStream.rangeClosed(1, 20)
                    .forEach(sequence -> transactions.executeWithoutResult(status ->
                            outbox.append(COPIED, event(sequence % 2 == 0 ? even : odd, sequence))));

            await().atMost(PUBLISHED_WITHIN)
                    .until(() -> meters.counter("outbox.publish.failures").count() > failuresBefore);
            assertThat(pending(COPIED)).isEqualTo(20);
        } finally {
            DevStack.shared().kafka().start();
        }

        await().atMost(PUBLISHED_WITHIN).until(() -> pending(COPIED) == 0);
        for (String topic : List.of(COPIED, COPY)) {
            Map<String, List<Long>> sequences = sequencesByKey(withKeys(consumeToEnd(topic), even, odd));
            assertThat(sequences.get(even))
                    .as("%s on %s", even, topic)
                    .containsExactly(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L);
            assertThat(sequences.get(odd))
                    .as("%s on %s", odd, topic)
                    .containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L);
        }
    }

    @Test
    void outboxMigrationsKeepTheirOwnHistoryNextToTheApplications() {
        assertThat(jdbc.sql(
                                "SELECT version FROM outbox_test.outbox_schema_history WHERE success ORDER BY installed_rank")
                        .query(String.class)
                        .list())
                .contains("0", "1");
        assertThat(jdbc.sql("SELECT script FROM outbox_test.flyway_schema_history WHERE type = 'SQL'")
                        .query(String.class)
                        .list())
                .containsExactly("V1__create_counter.sql");
    }

    /**
     * The backlog is counted up to a cap, and the oldest record waiting is the first appended of those not deleted.
     * In an outbox of a schema of its own, which no relay publishes, so that the rows stay as written.
     */
    @Test
    void backlogIsCountedUpToItsCapAndItsOldestIsTheFirstRecordStillWaiting() {
        String schema = "outbox_count_" + Long.toHexString(System.nanoTime());
        jdbc.sql("CREATE SCHEMA " + schema).update();
        try {
            OutboxSchema.migrate(dataSource, schema);
            String table = schema + ".outbox_record";
            // record g was appended g seconds after a day ago; the first three were published (deleted)
            jdbc.sql("""
                            INSERT INTO %s (topic, record_key, event_id, event_type, headers, payload, created_at)
                            SELECT 't', 'key-' || g, gen_random_uuid(), 'E', '{}', '\\x00',
                                   now() - interval '1 day' + g * interval '1 second'
                            FROM generate_series(1, :rows) AS g
                            """.formatted(table))
                    .param("rows", OutboxRecords.COUNT_CAP + 50)
                    .update();
            jdbc.sql("DELETE FROM %s WHERE record_key IN ('key-1', 'key-2', 'key-3')".formatted(table))
                    .update();
            OutboxRecords records = new OutboxRecords(dataSource, schema);

            assertThat(records.count()).isEqualTo(OutboxRecords.COUNT_CAP);
            OutboxRecords.Backlog backlog = records.backlog();
            assertThat(backlog.records()).isEqualTo(OutboxRecords.COUNT_CAP);
            // key-4 waits: a day less 4 s (and the seconds this test has run)
            assertThat(backlog.oldestWaiting())
                    .hasValueSatisfying(waiting -> assertThat(waiting)
                            .isBetween(
                                    Duration.ofDays(1).minusSeconds(4),
                                    Duration.ofDays(1).plusSeconds(56)));

            jdbc.sql("DELETE FROM %s WHERE id > (SELECT min(id) + 29 FROM %s)".formatted(table, table))
                    .update();
            assertThat(records.count()).as("below the cap, every record").isEqualTo(30);
            jdbc.sql("DELETE FROM " + table).update();
            assertThat(records.backlog()).isEqualTo(new OutboxRecords.Backlog(0, Optional.empty()));
        } finally {
            jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        }
    }

    /**
     * Two writers per key append in their own transactions, concurrently. Each takes the next number of its key
     * from a counter row it keeps locked until commit, as an application locks the entity it changes, so the numbers
     * of a key are its commit order. Every third transaction appends two events.
     */
    private static void appendConcurrently(String topic, List<String> keys, int perWriter, List<Writer> instances) {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (String key : keys) {
                for (int writer = 0; writer < 2; writer++) {
                    Writer target = instances.get(writer % instances.size());
                    done.add(CompletableFuture.runAsync(
                            () -> {
                                int appended = 0;
                                while (appended < perWriter) {
                                    int events = appended % 3 == 2 && appended + 2 <= perWriter ? 2 : 1;
                                    target.transactions().executeWithoutResult(status -> {
                                        for (int i = 0; i < events; i++) {
                                            target.outbox()
                                                    .append(topic, event(key, nextValue(target.jdbc(), topic + key)));
                                        }
                                    });
                                    appended += events;
                                }
                            },
                            writers));
                }
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } finally {
            writers.shutdown();
        }
    }

    private int backendPid() {
        return jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
    }

    /** What session {@code pid} waits for, as {@code wait_event_type/wait_event}; null when it is not waiting. */
    private String waitEventOf(int pid) {
        return jdbc.sql("""
                        SELECT wait_event_type || '/' || wait_event FROM pg_stat_activity
                        WHERE pid = :pid AND state = 'active'
                        """).param("pid", pid).query(String.class).optional().orElse(null);
    }

    private long pendingOf(String topic, String key) {
        return jdbc.sql("SELECT count(*) FROM outbox_record WHERE topic = :topic AND record_key = :key")
                .param("topic", topic)
                .param("key", key)
                .query(Long.class)
                .single();
    }

    private int slotOf(String key) {
        return jdbc.sql("SELECT hashtext(:key) & 63")
                .param("key", key)
                .query(Integer.class)
                .single();
    }

    /**
     * An advisory lock held by a session of its own, as another relay would hold it (session-level, so it needs no
     * open transaction), released on close before the connection goes back to the pool.
     */
    private record HeldLock(Connection connection, String unlock, Map<String, ?> params) implements AutoCloseable {

        static HeldLock take(DataSource dataSource, String lock, String unlock, Map<String, ?> params)
                throws SQLException {
            Connection connection = dataSource.getConnection();
            JdbcClient.create(new SingleConnectionDataSource(connection, true))
                    .sql(lock)
                    .params(params)
                    .query()
                    .listOfRows();
            return new HeldLock(connection, unlock, params);
        }

        @Override
        public void close() throws SQLException {
            try {
                JdbcClient.create(new SingleConnectionDataSource(connection, true))
                        .sql(unlock)
                        .params(params)
                        .query()
                        .listOfRows();
            } finally {
                connection.close();
            }
        }
    }

    private long pending(String topic) {
        return jdbc.sql("SELECT count(*) FROM outbox_record WHERE topic = :topic")
                .param("topic", topic)
                .query(Long.class)
                .single();
    }

    private static double publishFailures(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class)
                .counter("outbox.publish.failures")
                .count();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PUBLISHED_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Not released within " + PUBLISHED_WITHIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One app instance's way to append: its outbox inside its own transactions. */
    private record Writer(Outbox outbox, TransactionTemplate transactions, JdbcClient jdbc) {}

    private static long nextValue(JdbcClient jdbc, String counter) {
        return jdbc.sql("""
                        INSERT INTO app_counter (counter_key, value) VALUES (:key, 1)
                        ON CONFLICT (counter_key) DO UPDATE SET value = app_counter.value + 1
                        RETURNING value
                        """).param("key", counter).query(Long.class).single();
    }

    private ConfigurableApplicationContext secondInstance() {
        return secondInstance(Map.of());
    }

    private ConfigurableApplicationContext secondInstance(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(DevStack.shared().springPropertiesAsSuperUser());
        properties.putAll(settings);
        return new SpringApplicationBuilder(OutboxTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    private static String newTopic() {
        String topic = "outbox-test." + UUID.randomUUID();
        DevStack.shared().ensureTopics(List.of(topic));
        return topic;
    }

    private static PaymentLinkCreated event(String orderId, long sequence) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new PaymentLinkCreated(
                UUID.randomUUID(),
                now,
                orderId,
                "token-" + sequence,
                List.of("01" + "ab".repeat(32)),
                new BigDecimal("10.50"),
                "USD",
                orderId,
                "https://pay.example/?token=" + sequence,
                now,
                now.plus(Duration.ofDays(7)));
    }

    private static Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(DevStack.shared().adminClientProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Consumes the topic from the beginning until {@code done} holds for everything received so far. */
    private static List<ConsumerRecord<String, byte[]>> consume(
            String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(PUBLISHED_WITHIN).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return done.test(received);
            });
        }
        return received;
    }

    /** Everything the topic holds now: consumed from the beginning up to the end offsets read first. */
    private static List<ConsumerRecord<String, byte[]>> consumeToEnd(String topic) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(PUBLISHED_WITHIN).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return received;
    }

    private static List<ConsumerRecord<String, byte[]>> withKeys(
            List<ConsumerRecord<String, byte[]>> records, String... keys) {
        Set<String> wanted = Set.of(keys);
        return records.stream().filter(record -> wanted.contains(record.key())).toList();
    }

    private static long distinctEvents(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(OutboxIT::eventId).distinct().count();
    }

    /** Per key, the sequence numbers in the order consumers first see each event (duplicates dropped by id). */
    private static Map<String, List<Long>> sequencesByKey(List<ConsumerRecord<String, byte[]>> records) {
        Set<UUID> seen = new LinkedHashSet<>();
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            LinkEvent event = EventCodec.read(record.value(), LinkEvent.class);
            if (seen.add(event.eventId())) {
                sequences
                        .computeIfAbsent(record.key(), key -> new ArrayList<>())
                        .add(Long.parseLong(event.token().substring("token-".length())));
            }
        }
        return sequences;
    }

    private static UUID eventId(ConsumerRecord<String, byte[]> record) {
        return EventCodec.read(record.value(), LinkEvent.class).eventId();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers()
                .forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}

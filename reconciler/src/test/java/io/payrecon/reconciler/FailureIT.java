package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** Poison records, redeliveries and a database outage: nothing is lost, skipped or applied twice. */
class FailureIT extends RunningReconciler {

    private static final String GROUP = "reconciler";
    private static final List<String> CONSUMED =
            List.of(Topics.LINK_EVENTS, Topics.WEBHOOKS, Topics.PROVIDER_OBSERVATIONS);

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonWhileLaterRecordsStillApply() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        byte[] notAnEvent = "{\"event\":\"payment.confirmed\",".getBytes(StandardCharsets.UTF_8);
        WebhookReceived bodyNotJson = webhookWithBody(requestId, "event=payment.confirmed&requestId=" + requestId);
        WebhookReceived paid = webhook("payment.confirmed.json", requestId);

        // one key, one partition: both poison records come before the payment
        sendRaw(Topics.WEBHOOKS, requestId, notAnEvent);
        send(Topics.WEBHOOKS, bodyNotJson);
        send(Topics.WEBHOOKS, paid);

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        ConsumerRecord<String, byte[]> first = awaitDeadLetter(Topics.WEBHOOKS, notAnEvent);
        ConsumerRecord<String, byte[]> second = awaitDeadLetter(Topics.WEBHOOKS, EventCodec.write(bodyNotJson));
        assertThat(first.key()).isEqualTo(requestId);
        assertThat(header(first, "x-dlt-reason")).contains("Not a valid WebhookEvent");
        assertThat(header(first, "x-dlt-exception")).endsWith("PoisonRecordException");
        assertThat(header(first, "x-dlt-original-topic")).isEqualTo(Topics.WEBHOOKS);
        assertThat(header(first, "x-dlt-original-offset")).isNotBlank();
        assertThat(first.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
        assertThat(header(second, "x-dlt-reason"))
                .contains("delivery " + bodyNotJson.deliveryId())
                .contains("not valid JSON");
        assertThat(Long.parseLong(header(second, "x-dlt-original-offset")))
                .isGreaterThan(Long.parseLong(header(first, "x-dlt-original-offset")));
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE delivery_id = :deliveryId")
                        .param("deliveryId", bodyNotJson.deliveryId())
                        .query(Long.class)
                        .single())
                .as("a dead letter is not recorded as processed: mended and replayed, it applies")
                .isZero();
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT reason FROM dead_letters WHERE source_topic = :topic "
                                        + "AND source_offset = :offset")
                                .param("topic", Topics.WEBHOOKS)
                                .param("offset", Long.parseLong(header(second, "x-dlt-original-offset")))
                                .query(String.class)
                                .optional())
                        .hasValueSatisfying(reason -> assertThat(reason).contains("not valid JSON")));
    }

    @Test
    void renewalOfAnOrderNeverCreatedGoesToTheDeadLetterTopicAndTheNextLinkEventsApply() {
        PaymentLinkCreated neverSent = linkCreated(newOrderId(), newRequestId());
        String orderId = newOrderId();

        send(Topics.LINK_EVENTS, linkRenewed(neverSent, newRequestId()));
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));

        awaitOrder(orderId);
        ConsumerRecord<String, byte[]> dead = awaitDeadLetterWithKey(Topics.LINK_EVENTS, neverSent.orderId());
        assertThat(header(dead, "x-dlt-reason")).contains("has no payment-link.created");
    }

    /**
     * What a crash between the database commit and the offset commit does: the records are delivered again. Here
     * every record ever consumed is, by rewinding the consumer group to the start of its topics: nothing changes.
     */
    @Test
    void redeliveringEveryRecordAlreadyAppliedChangesNothing() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 2);
        try (Admin admin = admin()) {
            awaitCaughtUp(admin);
            String before = snapshot();

            listeners.stop();
            try {
                Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
                for (TopicPartition partition : partitions(admin)) {
                    start.put(partition, new OffsetAndMetadata(0));
                }
                admin.alterConsumerGroupOffsets(GROUP, start).all().get();
            } finally {
                listeners.start();
            }

            awaitCaughtUp(admin);
            assertThat(snapshot()).isEqualTo(before);
            assertStatusEventsStay(orderId, 2);
        }
    }

    @Test
    void databaseStoppedMidStreamAndRestartedLosesNothingAndAppliesNothingTwice() {
        List<String> orderIds = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> {
            orderIds.add(newOrderId());
            requestIds.add(newRequestId());
            send(Topics.LINK_EVENTS, linkCreated(orderIds.get(i), requestIds.get(i)));
        });
        IntStream.range(0, 10)
                .forEach(i -> send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestIds.get(i))));
        orderIds.subList(0, 10).forEach(orderId -> awaitStatusEvents(orderId, 1));

        stack().postgres().stop();
        try {
            IntStream.range(10, 20).forEach(i -> {
                send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestIds.get(i)));
                send(Topics.WEBHOOKS, webhook("payment.confirmed.checkout.json", requestIds.get(i)));
            });
            await().atMost(PATIENCE).until(() -> get("/actuator/health", null).statusCode() == 503);
        } finally {
            stack().postgres().start();
        }

        orderIds.forEach(orderId -> {
            assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        });
        assertStatusEventsStay(orderIds, 1);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM orders WHERE order_id = ANY(CAST(:ids AS text[])) AND status = 'PAID'")
                        .param("ids", orderIds.toArray(String[]::new))
                        .query(Long.class)
                        .single())
                .isEqualTo(20);
        assertThat(readAll(Topics.deadLetter(Topics.WEBHOOKS))).noneMatch(dead -> requestIds.contains(dead.key()));
    }

    /** Every order's state and history, every delivery's outcome, every payment counted. */
    private String snapshot() {
        return jdbc.sql("""
                        SELECT (SELECT md5(coalesce(string_agg(order_id || status || paid_amount || refunded_amount
                                                               || sequence || flags::text, ',' ORDER BY order_id), ''))
                                FROM orders)
                            || (SELECT count(*) FROM order_history)::text || '/'
                            || (SELECT count(*) FROM counted_payments)::text || '/'
                            || (SELECT md5(coalesce(string_agg(delivery_id || outcome, ',' ORDER BY delivery_id), ''))
                                FROM webhook_deliveries)
                        """).query(String.class).single();
    }

    /** Until the group's committed offsets reach the end of every partition it consumes. */
    private void awaitCaughtUp(Admin admin) throws Exception {
        List<TopicPartition> partitions = partitions(admin);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            end.forEach((partition, offset) -> assertThat(Optional.ofNullable(committed.get(partition))
                            .map(OffsetAndMetadata::offset)
                            .orElse(0L))
                    .as("committed offset of %s", partition)
                    .isGreaterThanOrEqualTo(offset));
        });
    }

    private static List<TopicPartition> partitions(Admin admin) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(CONSUMED)
                .allTopicNames()
                .get()
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition()))));
        return partitions;
    }

    private static Admin admin() {
        return Admin.create(stack().adminClientProperties());
    }
}

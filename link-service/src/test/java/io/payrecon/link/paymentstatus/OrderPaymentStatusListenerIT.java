package io.payrecon.link.paymentstatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.link.RunningLinkService;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How link-service learns an order's payment status from {@code orders.payment-status.v1}: the newest sequence per
 * order wins, whatever the arrival order, and a poison record goes to the dead-letter topic without blocking.
 */
class OrderPaymentStatusListenerIT extends RunningLinkService {

    @Autowired
    PaymentStatuses statuses;

    @Test
    void newerStatusReplacesTheKnownOne() {
        String orderId = newOrderId();

        learnStatus(statusChange(orderId, PaymentStatus.PARTIALLY_PAID, 1, "3.00", "10.00"));
        learnStatus(statusChange(orderId, PaymentStatus.PAID, 2, "10.00", "10.00"));

        KnownPaymentStatus known = statuses.find(orderId).orElseThrow();
        assertThat(known.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(known.paidAmount()).isEqualByComparingTo("10.00");
        assertThat(known.expectedAmount()).isEqualByComparingTo("10.00");
        assertThat(known.sequence()).isEqualTo(2);
        assertThat(known.settled()).isTrue();
    }

    /**
     * The older and the repeated event are consumed (the group's committed offset passes them) and change nothing.
     */
    @Test
    void olderOrRepeatedSequenceChangesNothing() {
        String orderId = newOrderId();
        OrderPaymentStatusChanged newest = statusChange(orderId, PaymentStatus.PARTIALLY_PAID, 2, "6.00", "10.00");
        learnStatus(newest);

        publishStatus(statusChange(orderId, PaymentStatus.PARTIALLY_PAID, 1, "3.00", "10.00"));
        RecordMetadata repeated = publishStatus(statusChange(orderId, PaymentStatus.PAYMENT_FAILED, 2, "0", "10.00"));
        awaitConsumed(repeated);

        KnownPaymentStatus known = statuses.find(orderId).orElseThrow();
        assertThat(known.eventId()).isEqualTo(newest.eventId());
        assertThat(known.status()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(known.paidAmount()).isEqualByComparingTo("6.00");
        assertThat(known.sequence()).isEqualTo(2);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheNextIsStillApplied() {
        String orderId = newOrderId();
        byte[] poison = "{\"type\":\"order.payment-status-changed\",\"orderId\":".getBytes(StandardCharsets.UTF_8);

        publish(new ProducerRecord<>(Topics.ORDER_PAYMENT_STATUS, orderId, poison));
        learnStatus(statusChange(orderId, PaymentStatus.PARTIALLY_PAID, 1, "1.00", "10.00"));

        assertThat(statuses.find(orderId).orElseThrow().paidAmount()).isEqualByComparingTo(new BigDecimal("1.00"));
        List<ConsumerRecord<String, byte[]>> deadLetters =
                readToEnd(Topics.deadLetter(Topics.ORDER_PAYMENT_STATUS)).stream()
                        .filter(record -> orderId.equals(record.key()))
                        .toList();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).value()).isEqualTo(poison);
        assertThat(new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader("kafka_dlt-exception-fqcn")
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("ListenerExecutionFailedException");
        assertThat(new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader("kafka_dlt-exception-cause-fqcn")
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("MalformedEventException");
    }

    /**
     * A status the database refuses while it answers (an order id too long for its index) is dead-lettered after a few
     * tries, also when it was first seen during a database outage and retried on the outage's schedule meanwhile; the
     * next status on its partition is then stored.
     */
    @Test
    void statusFirstSeenDuringAnOutageIsDeadLetteredOnceTheDatabaseIsBackAndTheNextIsStored() {
        StringBuilder incompressible = new StringBuilder("order-"); // beyond what PostgreSQL can compress for its index
        while (incompressible.length() < 8000) {
            incompressible.append(UUID.randomUUID());
        }
        OrderPaymentStatusChanged odd = statusChange(incompressible.toString(), PaymentStatus.PAID, 1, "1.00", "1.00");
        OrderPaymentStatusChanged next = statusChange(newOrderId(), PaymentStatus.PAID, 1, "2.00", "2.00");

        DevStack.shared().postgres().stop();
        try {
            publish(new ProducerRecord<>(Topics.ORDER_PAYMENT_STATUS, 0, odd.key(), EventCodec.write(odd)));
            publish(new ProducerRecord<>(Topics.ORDER_PAYMENT_STATUS, 0, next.key(), EventCodec.write(next)));
            await().pollDelay(Duration.ofSeconds(4)).until(() -> true); // the odd status retried as an outage
        } finally {
            DevStack.shared().postgres().start();
        }

        await().atMost(EVENTUALLY).until(() -> statuses.find(next.orderId()).isPresent());
        assertThat(readToEnd(Topics.deadLetter(Topics.ORDER_PAYMENT_STATUS)))
                .anyMatch(dead -> odd.key().equals(dead.key()));
    }

    private static void awaitConsumed(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(DevStack.shared().adminClientProperties())) {
            await().atMost(EVENTUALLY).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("link-service")
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }
}

package io.payrecon.link.paymentstatus;

import io.payrecon.events.EventCodec;
import io.payrecon.events.EventCodec.MalformedEventException;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.Topics;
import io.payrecon.platform.Infrastructure;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code orders.payment-status.v1}: how link-service learns that an order is partly paid (renewal asks only
 * for the rest) or paid (no new link). Every instance is in consumer group {@code link-service}; all write to the
 * same table, where the newest sequence per order wins.
 */
@Component
public class OrderPaymentStatusListener {

    private static final Logger log = LoggerFactory.getLogger(OrderPaymentStatusListener.class);

    private final PaymentStatuses statuses;
    private final Clock clock;
    private final Infrastructure infrastructure;

    OrderPaymentStatusListener(PaymentStatuses statuses, Clock clock, Infrastructure infrastructure) {
        this.statuses = statuses;
        this.clock = clock;
        this.infrastructure = infrastructure;
    }

    @KafkaListener(id = "order-payment-status", idIsGroup = false, topics = Topics.ORDER_PAYMENT_STATUS)
    void on(ConsumerRecord<String, byte[]> record) {
        OrderPaymentStatusChanged event = read(record);
        boolean newer;
        try {
            newer = statuses.record(event, clock.instant());
        } catch (RuntimeException e) {
            if (infrastructure.isOutage(e)) {
                // retried until the database is back (PaymentStatusIntake), never dead-lettered
                throw new Infrastructure.Outage(
                        "Status of order %s (event %s) not stored: the database is unavailable (%s)"
                                .formatted(event.orderId(), event.eventId(), e));
            }
            throw e;
        }
        if (newer) {
            log.info(
                    "Order {} is {} (paid {}), sequence {} from event {}",
                    event.orderId(),
                    event.status(),
                    event.paidAmount(),
                    event.sequence(),
                    event.eventId());
        } else {
            log.info(
                    "Order {}: event {} with sequence {} is not newer than the known status: ignored",
                    event.orderId(),
                    event.eventId(),
                    event.sequence());
        }
    }

    /** The event, or a {@link MalformedEventException} (a poison record: dead-lettered, never retried). */
    static OrderPaymentStatusChanged read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new MalformedEventException("Record without a value at offset " + record.offset(), null);
        }
        OrderStatusEvent read = EventCodec.read(record.value(), OrderStatusEvent.class);
        if (!(read instanceof OrderPaymentStatusChanged event)) {
            throw new MalformedEventException("Not an order.payment-status-changed: " + read.type(), null);
        }
        if (event.eventId() == null
                || event.orderId() == null
                || event.status() == null
                || event.occurredAt() == null
                || event.sequence() < 1
                || (event.paidAmount() != null && event.paidAmount().signum() < 0)) {
            throw new MalformedEventException(
                    "order.payment-status-changed " + event.eventId() + " of order " + event.orderId()
                            + " lacks an event id, order id, status, time or sequence >= 1, or has a negative paid amount",
                    null);
        }
        return event;
    }
}

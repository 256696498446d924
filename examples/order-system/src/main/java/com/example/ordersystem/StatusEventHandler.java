package com.example.ordersystem;

import com.example.ordersystem.StatusEventReader.Event;
import com.example.ordersystem.StatusEventReader.OtherType;
import com.example.ordersystem.StatusEventReader.Unreadable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one record of either status topic, in one database transaction: the sequence rule of docs/consumers.md.
 * Counts each outcome in {@code order.status.events} (tags {@code outcome}, {@code republished}).
 */
@Service
public class StatusEventHandler {

    private static final Logger log = LoggerFactory.getLogger(StatusEventHandler.class);

    private final OrderPaymentStatuses statuses;
    private final OrderSystemProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    StatusEventHandler(
            OrderPaymentStatuses statuses, OrderSystemProperties properties, MeterRegistry meters, Clock clock) {
        this.statuses = statuses;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** What one record did to the table. */
    enum Outcome {
        /** a higher sequence: the row now holds its state */
        APPLIED,
        /** a sequence held already or older (a duplicate, a republished event, a replay): nothing changed */
        UNCHANGED,
        /** another event type on the topic, which this service may ignore */
        IGNORED,
        /** not an event: logged, kept in skipped_records, skipped */
        SKIPPED
    }

    @Transactional
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        Instant now = clock.instant();
        StatusEventReader.Read read = StatusEventReader.read(record.value());
        Outcome outcome = switch (read) {
            case Event(PaymentStatusChanged event) -> apply(event, record.topic(), now);
            case OtherType(String type) -> {
                log.info(
                        "Ignoring {} at {}: event type {} is not one this service uses",
                        record.key(),
                        where(record),
                        type);
                yield Outcome.IGNORED;
            }
            case Unreadable(String reason) -> {
                log.warn("Skipping the record at {} (key {}): {}", where(record), record.key(), reason);
                statuses.recordSkipped(
                        record.topic(), record.partition(), record.offset(), reason, record.key(), record.value(), now);
                yield Outcome.SKIPPED;
            }
        };
        meters.counter(
                        "order.status.events",
                        "outcome",
                        outcome.name().toLowerCase(),
                        "republished",
                        Boolean.toString(read instanceof Event(PaymentStatusChanged event) && event.republished()))
                .increment();
        return outcome;
    }

    private Outcome apply(PaymentStatusChanged event, String topic, Instant now) {
        OptionalLong held = statuses.lockSequence(event.orderId());
        if (!statuses.applyIfNewer(event, topic, now)) {
            log.debug(
                    "Order {} sequence {} held already ({}), event {}: unchanged",
                    event.orderId(),
                    event.sequence(),
                    held,
                    event.eventId());
            return Outcome.UNCHANGED;
        }
        long expected = held.orElse(0) + 1;
        // The compacted topic holds each order's latest event, not its history: a jump there is no loss.
        if (event.sequence() > expected && topic.equals(properties.statusTopic())) {
            log.warn(
                    "Order {} jumped from sequence {} to {} (event {}): the events between were missed; the state is"
                            + " right again, the history is on the reconciler's GET /api/orders/{}",
                    event.orderId(),
                    expected - 1,
                    event.sequence(),
                    event.eventId(),
                    event.orderId());
            statuses.recordGap(event, expected, now);
        }
        if (!event.hasKnownStatus()) {
            // Alert: a status of a newer contract. It is stored; no business decision is taken on it.
            log.warn(
                    "Order {} has status {}, which this service does not know (event {}); acting on its last known"
                            + " status until this service is upgraded",
                    event.orderId(),
                    event.status(),
                    event.eventId());
        }
        log.info(
                "Order {} {} (sequence {}, paid {} {}) from {}",
                event.orderId(),
                event.status(),
                event.sequence(),
                event.paidAmount().toPlainString(),
                event.currency(),
                topic);
        return Outcome.APPLIED;
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

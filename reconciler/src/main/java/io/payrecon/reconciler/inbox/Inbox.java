package io.payrecon.reconciler.inbox;

import io.payrecon.events.EventCodec;
import io.payrecon.events.LinkEvent;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciler's record of what it consumed. Every method runs in the caller's transaction, the one that also
 * changes the order, so "processed" and "applied" are committed together. Deduplication is by
 * {@code INSERT … ON CONFLICT DO NOTHING}: the first insert wins, a repeat inserts nothing and is told so.
 */
@Repository
public class Inbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a link event by its event id; {@code false} when it was processed before (a redelivery). */
    public boolean recordLinkEvent(LinkEvent event) {
        return jdbc.sql("""
                        INSERT INTO link_events (event_id, type, order_id, outcome, processed_at)
                        VALUES (:eventId, :type, :orderId, 'RECEIVED', :now)
                        ON CONFLICT (event_id) DO NOTHING
                        """)
                        .param("eventId", event.eventId())
                        .param("type", event.type())
                        .param("orderId", event.orderId())
                        .param("now", now())
                        .update()
                == 1;
    }

    public void settleLinkEvent(UUID eventId, Outcome outcome, String reason) {
        jdbc.sql("UPDATE link_events SET outcome = :outcome, reason = :reason WHERE event_id = :eventId")
                .param("outcome", outcome.name())
                .param("reason", reason)
                .param("eventId", eventId)
                .update();
    }

    /**
     * Records a delivery by the provider's delivery id, the documented idempotency key that is the same on every
     * retry; {@code false} when it was recorded before (a retry, a redelivery or a replay).
     */
    public boolean recordDelivery(WebhookReceived webhook, ProviderWebhook payload) {
        return jdbc.sql("""
                        INSERT INTO webhook_deliveries
                            (delivery_id, event_id, event, request_id, test, outcome, received_at, recorded_at)
                        VALUES (:deliveryId, :eventId, :event, :requestId, :test, 'RECEIVED', :receivedAt, :now)
                        ON CONFLICT (delivery_id) DO NOTHING
                        """)
                        .param("deliveryId", webhook.deliveryId())
                        .param("eventId", webhook.eventId())
                        .param("event", payload.event())
                        .param("requestId", payload.requestId())
                        .param("test", webhook.test())
                        .param("receivedAt", webhook.occurredAt().atOffset(ZoneOffset.UTC))
                        .param("now", now())
                        .update()
                == 1;
    }

    public void settleDelivery(String deliveryId, Outcome outcome, String orderId, String reason) {
        jdbc.sql("""
                        UPDATE webhook_deliveries
                        SET outcome = :outcome, order_id = :orderId, reason = :reason, settled_at = :now
                        WHERE delivery_id = :deliveryId
                        """)
                .param("outcome", outcome.name())
                .param("orderId", orderId)
                .param("reason", reason)
                .param("now", now())
                .param("deliveryId", deliveryId)
                .update();
    }

    /**
     * Counts a payment once by its business key: one settlement arrives as up to three deliveries (core,
     * {@code .client_id}, {@code .checkout}), each with its own delivery id, so the delivery id alone cannot tell
     * they are one payment. {@code false} when this payment was counted before.
     *
     * @param kind the event type without its variant suffix, such as {@code payment.confirmed}
     * @param paymentRef the transaction hash, or the delivery id for reports that carry none (failures)
     */
    public boolean countPayment(String requestId, String kind, String paymentRef, String orderId, String deliveryId) {
        return jdbc.sql("""
                        INSERT INTO counted_payments (request_id, kind, payment_ref, order_id, delivery_id, counted_at)
                        VALUES (:requestId, :kind, :paymentRef, :orderId, :deliveryId, :now)
                        ON CONFLICT (request_id, kind, payment_ref) DO NOTHING
                        """)
                        .param("requestId", requestId)
                        .param("kind", kind)
                        .param("paymentRef", paymentRef)
                        .param("orderId", orderId)
                        .param("deliveryId", deliveryId)
                        .param("now", now())
                        .update()
                == 1;
    }

    /** Keeps a webhook whose request id is not known yet, whole, until a link event brings that request id. */
    public void park(WebhookReceived webhook, String requestId) {
        jdbc.sql("""
                        INSERT INTO parked_webhooks (delivery_id, request_id, event, parked_at)
                        VALUES (:deliveryId, :requestId, :event, :now)
                        ON CONFLICT (delivery_id) DO NOTHING
                        """)
                .param("deliveryId", webhook.deliveryId())
                .param("requestId", requestId)
                .param("event", EventCodec.write(webhook))
                .param("now", now())
                .update();
    }

    /** Takes out the webhooks parked for these request ids, in the order they were parked. */
    public List<WebhookReceived> unpark(Collection<String> requestIds) {
        if (requestIds.isEmpty()) {
            return List.of();
        }
        record Parked(long parkedId, byte[] event) {}
        return jdbc
                .sql("""
                        DELETE FROM parked_webhooks WHERE request_id IN (:requestIds)
                        RETURNING parked_id, event
                        """)
                .param("requestIds", requestIds)
                .query((rs, row) -> new Parked(rs.getLong("parked_id"), rs.getBytes("event")))
                .list()
                .stream()
                .sorted(Comparator.comparingLong(Parked::parkedId))
                .map(parked -> (WebhookReceived) EventCodec.read(parked.event(), WebhookEvent.class))
                .toList();
    }

    /**
     * Keeps a record that cannot be applied as it is, whole, with the reason, instead of skipping it. Keyed by its
     * position on the log, so a redelivery of the same record is stored once. Not recorded as a processed delivery:
     * once mended and replayed, it is applied like any other.
     */
    public void deadLetter(InboundRecord record, UUID eventId, String deliveryId, String reason) {
        jdbc.sql("""
                        INSERT INTO dead_letters (source_topic, source_partition, source_offset, record_key,
                                                  event_id, delivery_id, reason, value, recorded_at)
                        VALUES (:topic, :partition, :offset, :key, :eventId, :deliveryId, :reason, :value, :now)
                        ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING
                        """)
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .param("key", record.key())
                .param("eventId", eventId)
                .param("deliveryId", deliveryId)
                .param("reason", reason)
                .param("value", record.value())
                .param("now", now())
                .update();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}

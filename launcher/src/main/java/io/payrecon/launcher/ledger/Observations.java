package io.payrecon.launcher.ledger;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the system shows after the run.
 *
 * @param orders the reconciler's {@code GET /api/orders/{id}} of each order it knows, by order id
 * @param statusEvents each order's events on {@code orders.payment-status.v1}, as read (republished copies included)
 * @param recordedDeliveries the reconciler's {@code webhook_deliveries} rows of the accepted deliveries, by id
 * @param deadLettered delivery ids the reconciler dead-lettered (its {@code dead_letters} table or the DLT)
 * @param parkedWithKnownLink webhooks still parked although their request id belongs to a known order
 * @param outboxBacklog rows left in each outbox table, by schema
 * @param consumerLag records not yet consumed (committed) by each consumer group, by group
 * @param unreadable what could not be read at all (a missing table, an unreachable API)
 */
public record Observations(
        Map<String, ObservedOrder> orders,
        Map<String, List<PublishedStatus>> statusEvents,
        Map<String, RecordedDelivery> recordedDeliveries,
        Set<String> deadLettered,
        List<ParkedWebhook> parkedWithKnownLink,
        Map<String, Long> outboxBacklog,
        Map<String, Long> consumerLag,
        List<String> unreadable) {

    public Observations {
        orders = Map.copyOf(orders);
        statusEvents = Map.copyOf(statusEvents);
        recordedDeliveries = Map.copyOf(recordedDeliveries);
        deadLettered = Set.copyOf(deadLettered);
        parkedWithKnownLink = List.copyOf(parkedWithKnownLink);
        outboxBacklog = Map.copyOf(outboxBacklog);
        consumerLag = Map.copyOf(consumerLag);
        unreadable = List.copyOf(unreadable);
    }

    /**
     * An order as the reconciler's API shows it.
     *
     * @param refunded null when the API does not show refunds
     * @param lastSequence the sequence of the last entry of its history, -1 when the API shows no history
     */
    public record ObservedOrder(
            String orderId,
            String status,
            BigDecimal expectedAmount,
            BigDecimal paid,
            BigDecimal refunded,
            long lastSequence) {}

    /** One {@code order.payment-status-changed} as read from the topic. */
    public record PublishedStatus(UUID eventId, long sequence, String status, BigDecimal paid) {}

    /** A {@code webhook_deliveries} row: what became of a delivery, and why when it was not applied. */
    public record RecordedDelivery(String deliveryId, String outcome, String reason) {}

    /** A parked webhook whose request id is known. */
    public record ParkedWebhook(String deliveryId, String requestId, String orderId) {}
}

package io.payrecon.reconciler.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as {@code GET /api/orders/{orderId}} shows it. Amounts are decimal strings, never JSON numbers. */
public record OrderView(
        String orderId,
        String status,
        List<String> flags,
        String expectedAmount,
        String paidAmount,
        String currency,
        List<String> requestIds,
        List<HistoryEntry> history) {

    /** One status change; {@code from} is {@code null} for the order's first status. */
    public record HistoryEntry(long sequence, String from, String to, String paidAmount, Instant at, Cause cause) {}

    /** What caused a change: the event applied, its kind, and the provider's delivery id when a webhook did. */
    public record Cause(UUID eventId, String kind, String deliveryId) {}

    /** An order in a listing. */
    public record Summary(
            String orderId,
            String status,
            List<String> flags,
            String expectedAmount,
            String paidAmount,
            String currency,
            Instant updatedAt) {}

    /** One page of {@code GET /api/orders}, ordered by order id. */
    public record Page(List<Summary> orders, int page, int size, long total) {}
}

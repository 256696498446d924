package io.payrecon.reconciler.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as {@code GET /api/orders/{orderId}} shows it. Amounts are decimal strings, never JSON numbers.
 *
 * @param flags what an operator must see: {@code overpaid}, {@code paidAfterExpiry}, {@code duplicatePayment}
 * @param paidAmount everything the order received, refunds not deducted: it never decreases
 * @param refundedAmount what was given back to the payer
 */
public record OrderView(
        String orderId,
        String status,
        List<String> flags,
        String expectedAmount,
        String paidAmount,
        String refundedAmount,
        String currency,
        List<String> requestIds,
        List<HistoryEntry> history) {

    /**
     * One entry of the order's history, in sequence order: first the opening (sequence 0, {@code from} is
     * {@code null}, no status event was emitted for it), then each change with the sequence of the
     * {@code order.payment-status-changed} it emitted, and the amounts and flags after it.
     */
    public record HistoryEntry(
            long sequence,
            String from,
            String to,
            String paidAmount,
            String refundedAmount,
            List<String> flags,
            Instant at,
            Cause cause) {}

    /**
     * What caused a change: the event applied, its kind ({@code payment.confirmed.checkout},
     * {@code provider.status-observed}, {@code payment-link.renewed}, …), and the provider's delivery id when a
     * webhook did.
     */
    public record Cause(UUID eventId, String kind, String deliveryId) {}

    /** An order in a listing. */
    public record Summary(
            String orderId,
            String status,
            List<String> flags,
            String expectedAmount,
            String paidAmount,
            String refundedAmount,
            String currency,
            Instant updatedAt) {}

    /**
     * One page of {@code GET /api/orders}, ordered by order id.
     *
     * @param next the order id to pass as {@code after} for the next page; null on the last page
     */
    public record Page(List<Summary> orders, int size, String next) {}
}

package io.payrecon.reconciler.order;

import io.payrecon.events.PaymentStatus;
import io.swagger.v3.oas.annotations.media.Schema;
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

        @Schema(implementation = PaymentStatus.class) String status,

        @Schema(description = "What an operator must see, never cleared: overpaid, paidAfterExpiry, duplicatePayment")
        List<String> flags,

        @Schema(description = "What the order must be paid", format = "decimal", example = "100.00")
        String expectedAmount,

        @Schema(
                description = "Everything the order received, refunds not deducted: it never decreases",
                format = "decimal",
                example = "100.00")
        String paidAmount,

        @Schema(description = "What was given back to the payer", format = "decimal", example = "0")
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

            @Schema(description = "The status before; null for the opening")
            String from,

            String to,
            @Schema(format = "decimal", example = "100.00") String paidAmount,
            @Schema(format = "decimal", example = "0") String refundedAmount,
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
    @Schema(name = "OrderSummary")
    public record Summary(
            String orderId,
            @Schema(implementation = PaymentStatus.class) String status,
            List<String> flags,
            @Schema(format = "decimal", example = "100.00") String expectedAmount,
            @Schema(format = "decimal", example = "100.00") String paidAmount,
            @Schema(format = "decimal", example = "0") String refundedAmount,
            String currency,
            Instant updatedAt) {}

    /**
     * One page of {@code GET /api/orders}, ordered by order id.
     *
     * @param next the order id to pass as {@code after} for the next page; null on the last page
     */
    @Schema(name = "OrderPage")
    public record Page(
            List<Summary> orders,
            int size,

            @Schema(description = "The order id to pass as after for the next page; null on the last page")
            String next) {}
}

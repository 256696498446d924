package io.payrecon.requestclient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code GET /v2/request/{requestId}}: the polling fallback for missed webhooks.
 *
 * <p>Read from the fields the provider's OpenAPI documents for the 200 answer: {@code hasBeenPaid} (the only one
 * required: an answer without a boolean there is not an answer), {@code txHash}, {@code status} (a free string whose
 * values are not documented), {@code conversionBreakdown} ("detailed breakdown for partial payments or multiple
 * payments": null when the request is unpaid or paid in full by one payment) and {@code payments} (items untyped).
 * Everything else is optional: a field that is absent, null or of another type reads as absent (logged at DEBUG),
 * never as a failure. See {@link RequestStatusReader}.
 *
 * @param txHash the paying transaction, null while unpaid
 * @param status the provider's word for the request's state, such as {@code paid}; not documented, so nothing may
 *     depend on it being there
 * @param conversionBreakdown what the request received so far and what remains, when the provider gives a breakdown
 * @param payments the items of {@code payments[]} that carry a transaction hash or an amount (the OpenAPI does not
 *     type them: the sandbox answers {@code txHash}, {@code amount}, {@code currency}, {@code timestamp}; the
 *     provider's "query requests" page {@code paidAmount}, {@code paidCurrency}, {@code txHash}, {@code timestamp})
 * @param undocumented the amounts of the provider's "query requests" page that its OpenAPI lacks, when present
 */
public record RequestStatus(
        String requestId,
        String paymentReference,
        boolean hasBeenPaid,
        String txHash,
        String status,
        String reference,
        ConversionBreakdown conversionBreakdown,
        List<Payment> payments,
        Undocumented undocumented) {

    public RequestStatus {
        payments = payments == null ? List.of() : List.copyOf(payments);
        undocumented = undocumented == null ? Undocumented.NONE : undocumented;
    }

    /**
     * What the request has received, in the request's currency: {@code conversionBreakdown.paidAmount}, or else a
     * top-level {@code paidAmount} (not in the OpenAPI; older sandboxes answered it). Null when neither is there: an
     * unpaid request, or one paid in full by a single payment ({@link #hasBeenPaid()} then says it is paid).
     */
    public BigDecimal paidAmount() {
        if (conversionBreakdown != null && conversionBreakdown.paidAmount() != null) {
            return conversionBreakdown.paidAmount();
        }
        return undocumented.paidAmount();
    }

    /** What the request still waits for, by its {@code conversionBreakdown}; null without one. */
    public BigDecimal remainingAmount() {
        return conversionBreakdown == null ? null : conversionBreakdown.remainingAmount();
    }

    /** The request's amount, when the answer has a top-level {@code requestAmount} (not in the OpenAPI). */
    public BigDecimal requestAmount() {
        return undocumented.requestAmount();
    }

    /** What was paid beyond the request's amount, when the answer has {@code excessAmount} (not in the OpenAPI). */
    public BigDecimal excessAmount() {
        return undocumented.excessAmount();
    }

    /**
     * {@code conversionBreakdown}: "detailed breakdown for partial payments or multiple payments".
     *
     * @param paidAmount what the request received so far
     * @param remainingAmount what it still waits for
     * @param payments each payment's amount and time (no transaction hash: the OpenAPI lists none there)
     */
    public record ConversionBreakdown(
            BigDecimal paidAmount, BigDecimal remainingAmount, List<BreakdownPayment> payments) {

        public ConversionBreakdown {
            payments = payments == null ? List.of() : List.copyOf(payments);
        }
    }

    /** One payment of a {@link ConversionBreakdown}. */
    public record BreakdownPayment(BigDecimal amount, Instant timestamp) {}

    /** One item of {@code payments[]}; any field may be null, but never both the transaction hash and the amount. */
    public record Payment(String txHash, BigDecimal amount, String currency, Instant timestamp) {}

    /** The top-level amounts of the provider's "query requests" page that its OpenAPI does not list; null if absent. */
    public record Undocumented(BigDecimal requestAmount, BigDecimal paidAmount, BigDecimal excessAmount) {

        static final Undocumented NONE = new Undocumented(null, null, null);
    }
}

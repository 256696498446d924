package io.payrecon.requestclient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code GET /v2/request/{requestId}}: the polling fallback for missed webhooks. Amounts the provider
 * leaves out are null.
 *
 * @param txHash the paying transaction, null while unpaid
 * @param excessAmount what was paid beyond {@code requestAmount}
 * @param payments each payment the provider knows for the request
 */
public record RequestStatus(
        String requestId,
        String paymentReference,
        boolean hasBeenPaid,
        String txHash,
        String status,
        String reference,
        BigDecimal requestAmount,
        BigDecimal paidAmount,
        BigDecimal excessAmount,
        List<Payment> payments) {

    public RequestStatus {
        payments = payments == null ? List.of() : List.copyOf(payments);
    }

    /** One payment to the request, as the provider reports it. */
    public record Payment(BigDecimal paidAmount, String paidCurrency, String txHash, Instant timestamp) {}
}

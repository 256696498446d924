package io.payrecon.sandbox.payment;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One simulated payment, failed attempt or refund on one request of a link: what its webhooks tell.
 *
 * @param amount what this payment paid or refunded; zero for a failure
 * @param totalAmountPaid what the request has received so far, this payment included
 * @param txHash the payment's transaction (for a refund: the last payment's); null for a failure
 * @param subStatus why a payment failed; null otherwise
 */
record Settlement(
        Outcome outcome,
        String token,
        SecurePayment.Terms request,
        BigDecimal amount,
        BigDecimal totalAmountPaid,
        String txHash,
        Instant timestamp,
        String subStatus) {

    static final String INSUFFICIENT_FUNDS = "insufficient_funds";

    static Settlement failed(
            String token, SecurePayment.Terms request, BigDecimal paid, Instant now, String subStatus) {
        return new Settlement(
                Outcome.FAILED,
                token,
                request,
                BigDecimal.ZERO,
                paid,
                null,
                now,
                subStatus == null || subStatus.isBlank() ? INSUFFICIENT_FUNDS : subStatus);
    }
}

package io.payrecon.sandbox.payment;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One simulated payment (or failed attempt) on one request of a link.
 *
 * @param amount what this payment paid; zero for a failure
 * @param totalAmountPaid what the request has received so far, this payment included
 * @param txHash the payment's transaction; null for a failure
 */
record Settlement(
        Outcome outcome,
        String token,
        SecurePayment.Terms request,
        BigDecimal amount,
        BigDecimal totalAmountPaid,
        String txHash,
        Instant timestamp) {}

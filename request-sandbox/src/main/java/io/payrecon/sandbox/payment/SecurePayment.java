package io.payrecon.sandbox.payment;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secure payment link: one or more requests, each with its amount, and the payments simulated on them. Thread-safe:
 * payments are recorded under the link's lock.
 */
final class SecurePayment {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final String token;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final String reference;
    private final String payerIdentifier;
    private final String redirectUrl;
    private final String redirectLabel;
    private final List<Terms> requests;
    private final Map<String, List<Payment>> payments = new LinkedHashMap<>();

    SecurePayment(
            String token,
            Instant createdAt,
            Instant expiresAt,
            String reference,
            String payerIdentifier,
            String redirectUrl,
            String redirectLabel,
            List<Terms> requests) {
        this.token = token;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.reference = reference;
        this.payerIdentifier = payerIdentifier;
        this.redirectUrl = redirectUrl;
        this.redirectLabel = redirectLabel;
        this.requests = List.copyOf(requests);
        this.requests.forEach(request -> payments.put(request.requestId(), new ArrayList<>()));
    }

    /** A request id as the provider makes them: 66 lowercase hex characters. */
    static String newRequestId() {
        return "01" + randomHex(32);
    }

    /** A payment reference as the provider shows them: {@code 0x} and 16 hex characters. */
    static String newPaymentReference() {
        return "0x" + randomHex(8);
    }

    private static String newTxHash() {
        return "0x" + randomHex(32);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HEX.formatHex(random);
    }

    String token() {
        return token;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    String reference() {
        return reference;
    }

    String payerIdentifier() {
        return payerIdentifier;
    }

    String redirectUrl() {
        return redirectUrl;
    }

    String redirectLabel() {
        return redirectLabel;
    }

    List<Terms> requests() {
        return requests;
    }

    /** Completed once every request has received its amount; expired after its expiry unless completed. */
    synchronized Status status(Instant now) {
        if (requests.stream().allMatch(request -> stateOf(request).hasBeenPaid())) {
            return Status.COMPLETED;
        }
        return now.isBefore(expiresAt) ? Status.PENDING : Status.EXPIRED;
    }

    synchronized RequestState stateOf(String requestId) {
        return requests.stream()
                .filter(request -> request.requestId().equals(requestId))
                .findFirst()
                .map(this::stateOf)
                .orElseThrow(() -> new IllegalArgumentException("Request " + requestId + " is not part of " + token));
    }

    private RequestState stateOf(Terms request) {
        List<Payment> made = List.copyOf(payments.get(request.requestId()));
        BigDecimal paid = made.stream().map(Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new RequestState(request, paid, made);
    }

    /**
     * Simulates a payment on one request (the link's first when {@code requestId} is null).
     *
     * @param amount what to pay; by default what remains (the full amount when nothing remains: a second payment),
     *     half of what remains for a partial payment, nothing for a failure
     * @throws SettlementRejected when the amount contradicts the outcome, or the request is not part of the link
     */
    synchronized Settlement settle(String requestId, Outcome outcome, BigDecimal amount, Instant now) {
        Terms request = requestId == null ? requests.get(0) : findRequest(requestId);
        BigDecimal paid = stateOf(request).paid();
        BigDecimal remaining = request.amount().subtract(paid);
        if (outcome == Outcome.FAILED) {
            return new Settlement(outcome, token, request, BigDecimal.ZERO, paid, null, now);
        }
        if (amount != null && amount.signum() <= 0) {
            throw new SettlementRejected("The amount must be greater than zero, was " + amount.toPlainString());
        }
        BigDecimal pay;
        if (outcome == Outcome.CONFIRMED) {
            pay = amount != null ? amount : remaining.signum() > 0 ? remaining : request.amount();
            if (pay.compareTo(remaining) < 0) {
                throw new SettlementRejected("A confirmed payment must cover what remains to be paid on request "
                        + request.requestId() + " (" + remaining.toPlainString() + " of "
                        + request.amount().toPlainString() + "): use outcome partial for less");
            }
        } else {
            if (remaining.signum() <= 0) {
                throw new SettlementRejected(
                        "Request " + request.requestId()
                                + " is already fully paid: a partial payment cannot follow, use outcome confirmed to pay again");
            }
            pay = amount != null ? amount : remaining.divide(TWO);
            if (pay.compareTo(remaining) >= 0) {
                throw new SettlementRejected("A partial payment must leave something to pay on request "
                        + request.requestId() + " (" + remaining.toPlainString() + " remains): use outcome confirmed");
            }
        }
        Payment payment = new Payment(newTxHash(), pay, now);
        payments.get(request.requestId()).add(payment);
        return new Settlement(outcome, token, request, pay, paid.add(pay), payment.txHash(), now);
    }

    private Terms findRequest(String requestId) {
        return requests.stream()
                .filter(request -> request.requestId().equals(requestId))
                .findFirst()
                .orElseThrow(() -> new SettlementRejected(
                        "Request " + requestId + " is not part of link " + token + ": use one of "
                                + requests.stream().map(Terms::requestId).toList()));
    }

    enum Status {
        PENDING,
        COMPLETED,
        EXPIRED
    }

    /**
     * One request of the link, as created.
     *
     * @param network the chain, from the destination id when one was given
     * @param currency the invoice currency
     */
    record Terms(
            String requestId,
            String paymentReference,
            BigDecimal amount,
            String destinationId,
            String payee,
            String network,
            String currency,
            String paymentCurrency) {}

    /** A payment that reached a request. */
    record Payment(String txHash, BigDecimal amount, Instant timestamp) {}

    /** What a request has received so far. */
    record RequestState(Terms terms, BigDecimal paid, List<Payment> payments) {

        boolean hasBeenPaid() {
            return paid.compareTo(terms.amount()) >= 0;
        }

        BigDecimal excess() {
            return paid.subtract(terms.amount()).max(BigDecimal.ZERO);
        }

        String lastTxHash() {
            return payments.isEmpty() ? null : payments.get(payments.size() - 1).txHash();
        }
    }

    /** A simulated payment that contradicts itself or the link; the control call answers 400. */
    static final class SettlementRejected extends RuntimeException {
        SettlementRejected(String message) {
            super(message);
        }
    }
}

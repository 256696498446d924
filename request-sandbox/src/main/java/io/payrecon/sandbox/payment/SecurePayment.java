package io.payrecon.sandbox.payment;

import io.payrecon.sandbox.Ulid;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A secure payment link: one or more requests, each with its amount, and the payments and refunds simulated on them.
 * Thread-safe: everything that reads or changes payments holds the link's lock. Each payment and refund is a
 * {@link LinkFact} handed to the journal, then applied, under that lock: replaying the journal applies the same facts
 * in the same order.
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
    private final Creator creator;
    private final List<Terms> requests;
    private final Consumer<LinkFact> journal;
    private final Map<String, List<Payment>> payments = new LinkedHashMap<>();
    private final Map<String, List<Refund>> refunds = new LinkedHashMap<>();

    SecurePayment(
            String token,
            Instant createdAt,
            Instant expiresAt,
            String reference,
            String payerIdentifier,
            String redirectUrl,
            String redirectLabel,
            Creator creator,
            List<Terms> requests,
            Consumer<LinkFact> journal) {
        this.token = token;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.reference = reference;
        this.payerIdentifier = payerIdentifier;
        this.redirectUrl = redirectUrl;
        this.redirectLabel = redirectLabel;
        this.creator = creator;
        this.requests = List.copyOf(requests);
        this.journal = journal;
        this.requests.forEach(request -> {
            payments.put(request.requestId(), new ArrayList<>());
            refunds.put(request.requestId(), new ArrayList<>());
        });
    }

    /** The link a journaled {@link LinkFact.LinkCreated} describes. */
    static SecurePayment of(LinkFact.LinkCreated created, Consumer<LinkFact> journal) {
        return new SecurePayment(
                created.token(),
                created.createdAt(),
                created.expiresAt(),
                created.reference(),
                created.payerIdentifier(),
                created.redirectUrl(),
                created.redirectLabel(),
                created.clientId() == null ? Creator.API_KEY : new Creator(created.clientId(), created.origin()),
                created.requests().stream()
                        .map(request -> new Terms(
                                request.requestId(),
                                request.paymentReference(),
                                new BigDecimal(request.amount()),
                                request.destinationId(),
                                request.payee(),
                                request.network(),
                                request.currency(),
                                request.decimals()))
                        .toList(),
                journal);
    }

    /** The fact of this link's creation, for the journal. */
    LinkFact.LinkCreated created() {
        return new LinkFact.LinkCreated(
                token,
                createdAt,
                expiresAt,
                reference,
                payerIdentifier,
                redirectUrl,
                redirectLabel,
                creator.clientId(),
                creator.origin(),
                requests.stream()
                        .map(request -> new LinkFact.LinkCreated.Request(
                                request.requestId(),
                                request.paymentReference(),
                                request.amount().toPlainString(),
                                request.destinationId(),
                                request.payee(),
                                request.network(),
                                request.currency(),
                                request.decimals()))
                        .toList());
    }

    /** A payment or refund from the journal, applied without journaling it again. */
    synchronized void replay(LinkFact fact) {
        switch (fact) {
            case LinkFact.PaymentMade paid -> apply(paid);
            case LinkFact.RefundMade refunded -> apply(refunded);
            case LinkFact.LinkCreated created ->
                throw new IllegalArgumentException("Link " + token + " exists already");
        }
    }

    private void apply(LinkFact.PaymentMade paid) {
        find(paid.requestId());
        payments.get(paid.requestId())
                .add(new Payment(paid.paymentId(), paid.txHash(), new BigDecimal(paid.amount()), paid.timestamp()));
    }

    private void apply(LinkFact.RefundMade refunded) {
        find(refunded.requestId());
        refunds.get(refunded.requestId()).add(new Refund(new BigDecimal(refunded.amount()), refunded.timestamp()));
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

    Creator creator() {
        return creator;
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
        return stateOf(find(requestId));
    }

    synchronized List<RequestState> states() {
        return requests.stream().map(this::stateOf).toList();
    }

    private RequestState stateOf(Terms request) {
        List<Payment> made = List.copyOf(payments.get(request.requestId()));
        List<Refund> refunded = List.copyOf(refunds.get(request.requestId()));
        BigDecimal paid = made.stream().map(Payment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal refundedAmount = refunded.stream().map(Refund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new RequestState(request, paid, made, refundedAmount);
    }

    /**
     * The control's payment: forces an outcome on one request (the link's first when {@code requestId} is null),
     * whatever the link's status, so tests can pay twice or after expiry.
     *
     * @param amount what to pay; by default what remains (the full amount when nothing remains: a second payment),
     *     half of what remains for a partial payment, nothing for a failure
     * @throws PaymentRefused when the amount contradicts the outcome, or the request is not part of the link
     */
    synchronized Settlement settle(String requestId, Outcome outcome, BigDecimal amount, Instant now) {
        Terms request = requestId == null ? requests.get(0) : find(requestId);
        BigDecimal paid = stateOf(request).paid();
        BigDecimal remaining = request.amount().subtract(paid);
        if (outcome == Outcome.FAILED) {
            return Settlement.failed(token, request, paid, now, null);
        }
        if (amount != null && amount.signum() <= 0) {
            throw PaymentRefused.invalid("The amount must be greater than zero, was " + amount.toPlainString());
        }
        BigDecimal pay;
        if (outcome == Outcome.CONFIRMED) {
            pay = amount != null ? amount : remaining.signum() > 0 ? remaining : request.amount();
            if (pay.compareTo(remaining) < 0) {
                throw PaymentRefused.invalid("A confirmed payment must cover what remains to be paid on request "
                        + request.requestId() + " (" + remaining.toPlainString() + " of "
                        + request.amount().toPlainString() + "): use outcome partial for less");
            }
        } else {
            if (remaining.signum() <= 0) {
                throw PaymentRefused.invalid(
                        "Request " + request.requestId()
                                + " is already fully paid: a partial payment cannot follow, use outcome confirmed to pay again");
            }
            pay = amount != null ? amount : remaining.divide(TWO).setScale(request.decimals(), RoundingMode.DOWN);
            if (pay.signum() <= 0) {
                throw PaymentRefused.invalid("Half of what remains on request " + request.requestId() + " ("
                        + remaining.toPlainString() + ") is less than the smallest " + request.currency()
                        + " amount: give an amount");
            }
            if (pay.compareTo(remaining) >= 0) {
                throw PaymentRefused.invalid("A partial payment must leave something to pay on request "
                        + request.requestId() + " (" + remaining.toPlainString() + " remains): use outcome confirmed");
            }
        }
        return record(request, outcome, request.payable(pay), paid, newTxHash(), now);
    }

    /**
     * The payer's wallet on the hosted page: pays {@code amount} on one request, or (when both are null) everything
     * that remains on every request in one transaction. Whether that confirms or partly pays a request follows from
     * what it then has received. Only a pending link can be paid.
     */
    synchronized List<Settlement> pay(String requestId, BigDecimal amount, Instant now) {
        requirePayable(now);
        if (amount != null && amount.signum() <= 0) {
            throw PaymentRefused.invalid("Enter an amount greater than zero, such as 1.50");
        }
        String txHash = newTxHash();
        if (requestId == null && amount == null) {
            List<Settlement> settled = new ArrayList<>();
            for (Terms request : requests) {
                RequestState state = stateOf(request);
                if (!state.hasBeenPaid()) {
                    settled.add(record(request, Outcome.CONFIRMED, state.remaining(), state.paid(), txHash, now));
                }
            }
            return settled;
        }
        Terms request = requestId != null ? find(requestId) : firstUnpaid();
        RequestState state = stateOf(request);
        if (state.hasBeenPaid()) {
            throw PaymentRefused.notPayable("Request " + request.requestId() + " is already paid");
        }
        BigDecimal pay = request.payable(amount != null ? amount : state.remaining());
        Outcome outcome = pay.compareTo(state.remaining()) >= 0 ? Outcome.CONFIRMED : Outcome.PARTIAL;
        return List.of(record(request, outcome, pay, state.paid(), txHash, now));
    }

    /** A failed execution from the payer's wallet: no money moves; the payer may still pay later. */
    synchronized Settlement fail(String requestId, String subStatus, Instant now, boolean onlyWhenPayable) {
        if (onlyWhenPayable) {
            requirePayable(now);
        }
        Terms request = requestId != null ? find(requestId) : firstUnpaid();
        return Settlement.failed(token, request, stateOf(request).paid(), now, subStatus);
    }

    /**
     * Refunds money received on one request (the link's first when {@code requestId} is null) to the payer.
     *
     * @param amount by default all that was received and not yet refunded
     */
    synchronized Settlement refund(String requestId, BigDecimal amount, Instant now) {
        Terms request = requestId == null ? requests.get(0) : find(requestId);
        RequestState state = stateOf(request);
        BigDecimal refundable = state.paid().subtract(state.refunded());
        if (refundable.signum() <= 0) {
            throw PaymentRefused.invalid("Request " + request.requestId()
                    + " has nothing to refund: it received " + state.paid().toPlainString()
                    + " and refunded " + state.refunded().toPlainString());
        }
        BigDecimal refund = request.payable(amount != null ? amount : refundable);
        if (refund.signum() <= 0 || refund.compareTo(refundable) > 0) {
            throw PaymentRefused.invalid("A refund must be greater than zero and at most "
                    + refundable.toPlainString() + " (received and not yet refunded) on request "
                    + request.requestId() + ", was " + refund.toPlainString());
        }
        LinkFact.RefundMade refunded = new LinkFact.RefundMade(token, request.requestId(), refund.toPlainString(), now);
        journal.accept(refunded);
        apply(refunded);
        return new Settlement(Outcome.REFUNDED, token, request, refund, state.paid(), state.lastTxHash(), now, null);
    }

    private Settlement record(
            Terms request, Outcome outcome, BigDecimal pay, BigDecimal paidBefore, String txHash, Instant now) {
        LinkFact.PaymentMade paid =
                new LinkFact.PaymentMade(token, request.requestId(), Ulid.next(), txHash, pay.toPlainString(), now);
        journal.accept(paid);
        apply(paid);
        return new Settlement(outcome, token, request, pay, paidBefore.add(pay), txHash, now, null);
    }

    private void requirePayable(Instant now) {
        Status status = status(now);
        if (status == Status.EXPIRED) {
            throw PaymentRefused.notPayable(
                    "This payment link expired at " + expiresAt + ": ask the merchant for a new one");
        }
        if (status == Status.COMPLETED) {
            throw PaymentRefused.notPayable("This payment has already been completed");
        }
    }

    private Terms firstUnpaid() {
        return requests.stream()
                .filter(request -> !stateOf(request).hasBeenPaid())
                .findFirst()
                .orElse(requests.get(0));
    }

    private Terms find(String requestId) {
        return requests.stream()
                .filter(request -> request.requestId().equals(requestId))
                .findFirst()
                .orElseThrow(() -> PaymentRefused.invalid(
                        "Request " + requestId + " is not part of link " + token + ": use one of "
                                + requests.stream().map(Terms::requestId).toList()));
    }

    enum Status {
        PENDING,
        COMPLETED,
        EXPIRED
    }

    /**
     * Who created the link: a link made with a Client ID gets {@code .client_id} webhooks naming it.
     *
     * @param clientId null when the link was created with an API key
     * @param origin the {@code Origin} the creating call sent, if any
     */
    record Creator(String clientId, String origin) {

        static final Creator API_KEY = new Creator(null, null);
    }

    /**
     * One request of the link, as created: always to the destination bound to the creating credential.
     *
     * @param destinationId the resolved destination
     * @param payee the payee wallet, from the destination
     * @param network the chain, from the destination
     * @param currency the symbol of the destination's token: what is asked and paid
     * @param decimals how many decimals that token has: no amount has more
     */
    record Terms(
            String requestId,
            String paymentReference,
            BigDecimal amount,
            String destinationId,
            String payee,
            String network,
            String currency,
            int decimals) {

        /** Refuses an amount the token cannot carry (more decimals than it has). */
        BigDecimal payable(BigDecimal amount) {
            if (amount.stripTrailingZeros().scale() > decimals) {
                throw PaymentRefused.invalid("The amount " + amount.toPlainString() + " has more decimals than "
                        + currency + " allows (" + decimals + ")");
            }
            return amount;
        }
    }

    /**
     * A payment that reached a request.
     *
     * @param id how {@code GET /v2/payments} names it
     */
    record Payment(String id, String txHash, BigDecimal amount, Instant timestamp) {}

    /** Money sent back to the payer. */
    record Refund(BigDecimal amount, Instant timestamp) {}

    /** What a request has received so far. */
    record RequestState(Terms terms, BigDecimal paid, List<Payment> payments, BigDecimal refunded) {

        boolean hasBeenPaid() {
            return paid.compareTo(terms.amount()) >= 0;
        }

        BigDecimal remaining() {
            return terms.amount().subtract(paid).max(BigDecimal.ZERO);
        }

        BigDecimal excess() {
            return paid.subtract(terms.amount()).max(BigDecimal.ZERO);
        }

        String lastTxHash() {
            return payments.isEmpty() ? null : payments.get(payments.size() - 1).txHash();
        }

        /** As {@code GET /v2/request} shows it. */
        String status() {
            if (refunded.signum() > 0 && refunded.compareTo(paid) >= 0) {
                return "refunded";
            }
            return hasBeenPaid() ? "paid" : paid.signum() > 0 ? "partially_paid" : "pending";
        }
    }
}

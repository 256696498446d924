package io.payrecon.reconciler.polling;

import io.payrecon.events.ProviderStatusObserved;
import io.payrecon.events.Topics;
import io.payrecon.outbox.Outbox;
import io.payrecon.providerquota.ProviderQuota;
import io.payrecon.providerquota.QuotaExhausted;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The polling fallback: webhooks stop being retried about 21 s after an outage begins, so the reconciler asks the
 * provider itself about requests of orders still open ({@code GET /v2/request/{requestId}}), on the ladder of
 * {@link PollingLadder}, within the provider credential's quota ({@link ProviderQuota}, shared with link-service and
 * every other instance): polling only takes what link creation leaves, and while the quota is used or the provider
 * asked every user of the credential to back off (429), the due polls wait. What it sees is appended to the outbox as
 * {@code provider.status-observed} for {@code payments.provider-observations.v1}, in the transaction that
 * schedules the next poll, and comes back through the same idempotent path as webhooks.
 */
@Component
@ConditionalOnBooleanProperty(name = "reconciler.polling.enabled", matchIfMissing = true)
class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final RequestNetworkClient provider;
    private final ProviderQuota quota;
    private final Polls polls;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ReconcilerProperties.Polling settings;
    private final RateLimit rateLimit;

    Poller(
            RequestNetworkClient provider,
            ProviderQuota quota,
            Polls polls,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock,
            ReconcilerProperties properties) {
        this.provider = provider;
        this.quota = quota;
        this.polls = polls;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = properties.polling();
        this.rateLimit = new RateLimit(settings.rate());
    }

    /** Claims the polls due now (as many as the rate allows until the next round) and makes them. */
    @Scheduled(fixedDelayString = "${reconciler.polling.interval:1s}")
    void pollDue() {
        Instant now = clock.instant();
        int limit = (int)
                Math.max(1, Math.ceil(settings.rate() * settings.interval().toMillis() / 1000.0));
        List<Polls.Claim> claims;
        try {
            claims = transactions.execute(status -> polls.claimDue(now, limit, now.plus(settings.lease())));
        } catch (RuntimeException e) {
            log.warn("Could not claim due polls, trying again in {}: {}", settings.interval(), e.getMessage());
            return;
        }
        List<Polls.Claim> left = new ArrayList<>(claims);
        while (!left.isEmpty()) {
            Polls.Claim claim = left.remove(0);
            Optional<Held> held = poll(claim);
            if (held.isPresent()) {
                Instant later = clock.instant().plus(held.get().pause());
                left.forEach(other -> defer(
                        other,
                        later,
                        Polls.Deferral.HELD,
                        "not polled: " + held.get().why()));
                return;
            }
        }
    }

    /** Why the polls wait, and how long. */
    private record Held(Duration pause, String why) {}

    /** Polls one request; answers how long to hold all polls when the credential's quota has no place for them. */
    private Optional<Held> poll(Polls.Claim claim) {
        LockSupport.parkNanos(rateLimit.reserve(System.nanoTime()));
        Optional<RequestStatus> status;
        try {
            status = quota.call(ProviderQuota.Use.POLLING, () -> provider.findRequest(claim.requestId()));
        } catch (QuotaExhausted e) {
            String why = e.blocked()
                    ? "the provider answered 429: every user of the credential backs off"
                    : "the provider quota's share for polling is used (link creation comes first)";
            log.atLevel(e.blocked() ? Level.WARN : Level.DEBUG)
                    .log(
                            "Poll of request {} of order {} held for {}: {}",
                            claim.requestId(),
                            claim.orderId(),
                            e.retryAfter(),
                            why);
            defer(claim, clock.instant().plus(e.retryAfter()), Polls.Deferral.HELD, "not polled: " + why);
            return Optional.of(new Held(e.retryAfter(), why));
        } catch (ProviderException e) {
            Duration retry = settings.ladder().get(0);
            log.warn(
                    "Polling request {} of order {} failed, next attempt in {}: {}",
                    claim.requestId(),
                    claim.orderId(),
                    retry,
                    e.getMessage());
            defer(claim, clock.instant().plus(retry), Polls.Deferral.FAILED, failure(e));
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Polling request {} of order {} failed: {}", claim.requestId(), claim.orderId(), e.toString());
            defer(
                    claim,
                    clock.instant().plus(settings.ladder().get(0)),
                    Polls.Deferral.FAILED,
                    "failed: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        Instant polledAt = clock.instant();
        transactions.executeWithoutResult(tx -> {
            status.ifPresent(found ->
                    outbox.append(Topics.PROVIDER_OBSERVATIONS, observation(claim.requestId(), found, polledAt)));
            polls.polled(
                    claim,
                    polledAt,
                    status.map(Poller::outcome).orElse("unknown to the provider (404)"),
                    status.map(RequestStatus::hasBeenPaid).orElse(false));
        });
        log.debug("Polled request {} of order {}: {}", claim.requestId(), claim.orderId(), status);
        return Optional.empty();
    }

    private void defer(Polls.Claim claim, Instant at, Polls.Deferral why, String outcome) {
        try {
            transactions.executeWithoutResult(tx -> polls.defer(claim, at, why, outcome));
        } catch (RuntimeException e) {
            // the lease runs out and the poll is due again then
            log.warn("Could not reschedule the poll of request {}: {}", claim.requestId(), e.getMessage());
        }
    }

    /**
     * What the provider said, as the event the reconciler consumes: {@code hasBeenPaid}, what the request received and
     * what remains when the answer has a {@code conversionBreakdown} (else a top-level {@code paidAmount}, if any), the
     * breakdown's payments, and every item of {@code payments[]} that has a transaction hash or an amount; the answer's
     * own {@code txHash} is added when no item has it, so that the payment it names counts once.
     */
    static ProviderStatusObserved observation(String requestId, RequestStatus found, Instant polledAt) {
        List<ProviderStatusObserved.ObservedPayment> payments = new ArrayList<>();
        found.payments()
                .forEach(payment -> payments.add(new ProviderStatusObserved.ObservedPayment(
                        payment.txHash(), payment.amount(), payment.currency(), payment.timestamp())));
        if (found.txHash() != null
                && payments.stream().noneMatch(payment -> found.txHash().equals(payment.txHash()))) {
            payments.add(new ProviderStatusObserved.ObservedPayment(found.txHash(), null, null, null));
        }
        List<ProviderStatusObserved.ObservedPayment> breakdown = found.conversionBreakdown() == null
                ? List.of()
                : found.conversionBreakdown().payments().stream()
                        .map(payment -> new ProviderStatusObserved.ObservedPayment(
                                null, payment.amount(), null, payment.timestamp()))
                        .toList();
        return new ProviderStatusObserved(
                UUID.randomUUID(),
                polledAt,
                requestId,
                found.hasBeenPaid(),
                found.status(),
                found.requestAmount(),
                found.paidAmount(),
                payments,
                found.remainingAmount(),
                breakdown);
    }

    /** Why a poll failed, for the poll's row: an answer that could not be read says what in it. */
    static String failure(ProviderException e) {
        return "failed: " + e.kind() + " " + e.status()
                + (e.kind() == ProviderException.Kind.INVALID_RESPONSE ? " (" + e.getMessage() + ")" : "");
    }

    /** What a poll saw, in a few words, for the poll's row (operators read it with the order's story). */
    static String outcome(RequestStatus found) {
        StringBuilder outcome = new StringBuilder(found.hasBeenPaid() ? "paid" : "not paid");
        if (found.paidAmount() != null) {
            outcome.append(", ").append(found.paidAmount().toPlainString()).append(" received");
        } else if (found.hasBeenPaid()) {
            outcome.append(" in full (no breakdown: one payment)");
        }
        if (found.remainingAmount() != null) {
            outcome.append(", ").append(found.remainingAmount().toPlainString()).append(" remaining");
        }
        if (found.status() != null) {
            String status = found.status();
            outcome.append(", status ").append(status.length() > 64 ? status.substring(0, 64) + "…" : status);
        }
        return outcome.toString();
    }
}

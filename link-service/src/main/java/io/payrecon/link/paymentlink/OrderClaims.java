package io.payrecon.link.paymentlink;

import io.payrecon.link.LinkProperties;
import io.payrecon.link.provider.ProviderPermits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shape creation and renewal share: make an order's next link at the provider without holding a database
 * connection, a row lock or a transaction during the call.
 *
 * <ol>
 *   <li>A short transaction claims the order ({@code payment_order.link_claim}, with a lease of
 *       {@code links.claim-lease}), or finds there is nothing to do (the link exists: idempotent answer; another
 *       request holds the claim: wait).
 *   <li>The provider calls, outside any transaction, holding a {@link ProviderPermits} place. If they fail, the claim
 *       is undone (an order that never got a link is forgotten) and the failure answered: nothing is stored.
 *   <li>A short transaction locks the order's row, checks the claim is still this request's, stores the link and its
 *       outbox events, and clears the claim.
 * </ol>
 *
 * <p>One provider link per order: only the claim holder calls the provider. Other requests for the order poll (no
 * connection held) until the claim is cleared, then find the link. A crash between 1 and 3 leaves a claim that runs
 * out after its lease; the next request takes it over and calls the provider again. The crashed call's link, if the
 * provider made it, is an orphan: nobody ever learns its URL, so nobody pays it, and it expires unused. The same holds
 * when a call outlives its lease and another request took over meanwhile: step 3 finds the claim gone, stores nothing
 * and starts over (and finds the other request's link).
 */
@Component
public class OrderClaims {

    private static final Logger log = LoggerFactory.getLogger(OrderClaims.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final PaymentOrders orders;
    private final ProviderPermits permits;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration lease;
    private final Map<String, Integer> waiting = new ConcurrentHashMap<>();

    OrderClaims(
            PaymentOrders orders,
            ProviderPermits permits,
            TransactionTemplate transactions,
            LinkProperties properties,
            Clock clock) {
        this.orders = orders;
        this.permits = permits;
        this.transactions = transactions;
        this.clock = clock;
        this.lease = properties.claimLease();
    }

    /** What step 1 found. */
    public sealed interface Step<C, R> {
        /** Nothing for the provider to do: answer this. */
        record Done<C, R>(R answer) implements Step<C, R> {}

        /** The claim was taken; {@code context} is what steps 2 and 3 need. */
        record Claimed<C, R>(C context) implements Step<C, R> {}

        /** Another request holds the claim until {@code until}: wait, then try again. */
        record Held<C, R>(Instant until) implements Step<C, R> {}
    }

    /**
     * One way of making an order's next link.
     *
     * @param <C> what the claim step found, for the provider call and the store
     * @param <P> what the provider calls answered
     * @param <R> the answer to the request
     */
    public interface Work<C, P, R> {
        /** Step 1, in a transaction: take {@code claim} or say why not. */
        Step<C, R> claim(OrderClaim claim);

        /** Step 2, outside any transaction. */
        P callProvider(C context);

        /** Step 3, in a transaction, with the order's row locked and the claim still held. */
        R store(C context, P answer, Instant now);
    }

    /**
     * Runs {@code work} for the order: claims it, calls the provider, stores the result; or answers at once when
     * there is nothing to do. Waits while another request holds the order's claim.
     *
     * @param purpose what the work is, for logs and answers
     * @throws io.payrecon.link.provider.ProviderBusyException when no provider call place became free in time;
     *     nothing was stored
     * @throws OrderBusyException when another request held the order's claim for longer than a lease
     */
    public <C, P, R> R run(String orderId, String purpose, Work<C, P, R> work) {
        long waitingSince = 0;
        Duration pause = FIRST_PAUSE;
        try {
            while (true) {
                Instant now = now();
                OrderClaim claim = new OrderClaim(UUID.randomUUID(), now, now.plus(lease));
                Step<C, R> step = transactions.execute(status -> work.claim(claim));
                if (step instanceof Step.Done<C, R> done) {
                    return done.answer();
                }
                if (step instanceof Step.Held<C, R> held) {
                    if (waitingSince == 0) {
                        waitingSince = System.nanoTime();
                        waiting.merge(orderId, 1, Integer::sum);
                    } else if (System.nanoTime() - waitingSince > lease.toNanos()) {
                        throw new OrderBusyException(orderId, purpose, lease);
                    }
                    log.debug("Order {}: {} waits for the claim held until {}", orderId, purpose, held.until());
                    LockSupport.parkNanos(this, pause.toNanos());
                    pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                    continue;
                }
                C context = ((Step.Claimed<C, R>) step).context();
                P answer = callProvider(orderId, purpose, claim, work, context);
                Optional<R> stored;
                try {
                    stored = transactions.execute(status -> {
                        if (!orders.lockIfClaimedBy(orderId, claim.id())) {
                            return Optional.empty();
                        }
                        R result = work.store(context, answer, now());
                        orders.releaseClaim(orderId, claim.id());
                        return Optional.of(result);
                    });
                } catch (RuntimeException e) {
                    // The provider's link is an orphan now; do not make the order's next request wait out the lease.
                    abandon(orderId, purpose, claim, e);
                    throw e;
                }
                if (stored.isPresent()) {
                    return stored.get();
                }
                log.warn(
                        "Order {}: the claim of {} ran out during the provider call and was taken over: what the "
                                + "provider made for it is an orphan link nobody is sent to; looking again",
                        orderId,
                        purpose);
            }
        } finally {
            if (waitingSince != 0) {
                waiting.computeIfPresent(orderId, (id, count) -> count == 1 ? null : count - 1);
            }
        }
    }

    /** How many requests are waiting for the order's claim, held by another request, in this instance. */
    int waitingFor(String orderId) {
        return waiting.getOrDefault(orderId, 0);
    }

    private <C, P, R> P callProvider(String orderId, String purpose, OrderClaim claim, Work<C, P, R> work, C context) {
        try {
            return permits.run(purpose, () -> {
                if (TransactionSynchronizationManager.isActualTransactionActive()) {
                    throw new IllegalStateException(
                            "The provider must be called outside a transaction (" + purpose + ")");
                }
                return work.callProvider(context);
            });
        } catch (RuntimeException e) {
            abandon(orderId, purpose, claim, e);
            throw e;
        }
    }

    /** Undoes the claim after {@code failure}; when that fails too, the lease runs out on its own. */
    private void abandon(String orderId, String purpose, OrderClaim claim, RuntimeException failure) {
        try {
            transactions.executeWithoutResult(status -> orders.abandonClaim(orderId, claim.id()));
        } catch (RuntimeException undo) {
            log.warn(
                    "Order {}: could not undo the claim of {} (taken over after its lease): {}",
                    orderId,
                    purpose,
                    undo.getMessage());
            failure.addSuppressed(undo);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Another request held the order's claim for longer than a lease; nothing was done. */
    public static final class OrderBusyException extends RuntimeException {
        private final String orderId;
        private final Duration lease;

        OrderBusyException(String orderId, String purpose, Duration lease) {
            super("Order " + orderId + " is being given a link by another request, which has not finished within "
                    + lease + " (links.claim-lease); nothing was done for " + purpose);
            this.orderId = orderId;
            this.lease = lease;
        }

        public String orderId() {
            return orderId;
        }

        public Duration lease() {
            return lease;
        }
    }
}

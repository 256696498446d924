package io.payrecon.reconciler.polling;

import io.payrecon.reconciler.ReconcilerProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a request is polled: at the ages of the ladder (time since its link was created), then every
 * {@code thenEvery} until it is {@code slowAfter} old, then every {@code slowEvery}, until its link's expiry plus the
 * grace period; the last poll is at that end. Requests of paid orders are polled on the slow rung only
 * ({@link #nextSlow}): nothing is owed any more, only a refund can come. The next poll follows from the request's age
 * alone, so a poller that was down does not catch up on missed rungs one by one: it polls once, then goes on from the
 * current age.
 */
record PollingLadder(
        List<Duration> ladder, Duration thenEvery, Duration slowAfter, Duration slowEvery, Duration grace) {

    PollingLadder {
        ladder = List.copyOf(ladder);
    }

    static PollingLadder of(ReconcilerProperties.Polling polling) {
        return new PollingLadder(
                polling.ladder(), polling.thenEvery(), polling.slowAfter(), polling.slowEvery(), polling.grace());
    }

    /** When the request's first poll is due. */
    Instant first(Instant since) {
        return since.plus(ladder.get(0));
    }

    /** Until when a request whose link expires at {@code expiresAt} is polled. */
    Instant until(Instant expiresAt) {
        return expiresAt.plus(grace);
    }

    /** When the poll after the one made at {@code polledAt} is due; empty once polling the request is over. */
    Optional<Instant> next(Instant since, Instant polledAt, Instant until) {
        if (!polledAt.isBefore(until)) {
            return Optional.empty();
        }
        Duration age = Duration.between(since, polledAt);
        Instant next = ladder.stream()
                .filter(rung -> rung.compareTo(age) > 0)
                .findFirst()
                .map(since::plus)
                .orElseGet(() -> polledAt.plus(age.compareTo(slowAfter) < 0 ? thenEvery : slowEvery));
        return Optional.of(next.isAfter(until) ? until : next);
    }

    /**
     * The next poll on the slow rung, after one at {@code polledAt}: for requests of orders with nothing owed (paid),
     * which only a refund can still change. Empty once polling the request is over.
     */
    Optional<Instant> nextSlow(Instant polledAt, Instant until) {
        if (!polledAt.isBefore(until)) {
            return Optional.empty();
        }
        Instant next = polledAt.plus(slowEvery);
        return Optional.of(next.isAfter(until) ? until : next);
    }
}

package io.payrecon.reconciler.polling;

import java.time.Duration;

/**
 * Spaces calls to the provider: at most {@code rate} per second, and none while the provider asks us to slow down.
 * The provider documents no {@code Retry-After}: after a 429 we back off ourselves, doubling the pause up to the
 * 5 minutes a sustained breach blocks a client for, and start again from the first pause after a success.
 */
final class RateLimit {

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);

    private final long spacingNanos;
    private long nextCallNanos;
    private Duration pause = FIRST_PAUSE;

    RateLimit(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("The rate must be positive, was " + perSecond);
        }
        this.spacingNanos = (long) (1_000_000_000L / perSecond);
    }

    /** Reserves the next call: how long to wait before making it, from {@code nowNanos}. */
    synchronized long reserve(long nowNanos) {
        long start = Math.max(nowNanos, nextCallNanos);
        nextCallNanos = start + spacingNanos;
        return start - nowNanos;
    }

    /** The provider answered 429: no call before the pause is over. Answers the pause. */
    synchronized Duration throttled(long nowNanos) {
        Duration current = pause;
        nextCallNanos = Math.max(nextCallNanos, nowNanos + current.toNanos());
        Duration doubled = current.multipliedBy(2);
        pause = doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
        return current;
    }

    /** A call went through: the next 429 starts from the first pause again. */
    synchronized void succeeded() {
        pause = FIRST_PAUSE;
    }
}

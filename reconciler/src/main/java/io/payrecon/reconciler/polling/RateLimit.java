package io.payrecon.reconciler.polling;

/**
 * Spaces one instance's polls: at most {@code rate} per second, so a backlog of due polls is not sent in one burst.
 * What all instances and link-service may send together is the credential's quota ({@code ProviderQuota}), which
 * also keeps the backoff after a 429.
 */
final class RateLimit {

    private final long spacingNanos;
    private long nextCallNanos;

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
}

package io.payrecon.providerquota;

import java.time.Duration;
import java.util.Locale;

/**
 * No call may be made now: the credential's quota for the last minute is used ({@link #blocked()} false), or the
 * provider answered 429 and every user of the credential backs off ({@link #blocked()} true). Nothing was sent.
 */
public final class QuotaExhausted extends RuntimeException {

    private final ProviderQuota.Use use;
    private final Duration retryAfter;
    private final boolean blocked;

    QuotaExhausted(ProviderQuota.Use use, Duration retryAfter, boolean blocked) {
        super(
                blocked
                        ? "The provider answered 429 (too many requests): no call with this credential for "
                                + retryAfter
                        : "The provider quota for " + use.name().toLowerCase(Locale.ROOT)
                                + " is used for the last minute: the next call fits in " + retryAfter);
        this.use = use;
        this.retryAfter = retryAfter;
        this.blocked = blocked;
    }

    public ProviderQuota.Use use() {
        return use;
    }

    /** When a call may fit again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether this is the backoff after a 429, rather than our own count. */
    public boolean blocked() {
        return blocked;
    }
}

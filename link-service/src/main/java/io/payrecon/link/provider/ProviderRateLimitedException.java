package io.payrecon.link.provider;

import io.payrecon.providerquota.QuotaExhausted;
import io.payrecon.requestclient.ProviderException;
import java.time.Duration;

/**
 * No link could be made within the provider's rate limit: the provider answered 429 to this call, or it did to an
 * earlier call with our credential (from any app or instance) and nobody calls it until the backoff has passed, or
 * the credential's quota for the last minute is used. Whichever, nothing was created.
 */
public final class ProviderRateLimitedException extends RuntimeException {

    private final String operation;
    private final Duration retryAfter;
    private final boolean called;
    private final boolean quotaUsed;

    ProviderRateLimitedException(String operation, QuotaExhausted cause) {
        super(describe(operation, cause), cause);
        this.operation = operation;
        this.retryAfter = cause.retryAfter();
        this.called = cause.getCause() instanceof ProviderException;
        this.quotaUsed = !cause.blocked();
    }

    private static String describe(String operation, QuotaExhausted cause) {
        if (cause.getCause() instanceof ProviderException) {
            return "Request Network answered 429 to " + operation + "; backing off for " + cause.retryAfter();
        }
        return cause.blocked()
                ? "Not calling Request Network for " + operation + " for another " + cause.retryAfter()
                        + " after its 429"
                : "Not calling Request Network for " + operation + ": " + cause.getMessage();
    }

    public String operation() {
        return operation;
    }

    /** How long until a call fits again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether this very call reached the provider (and got its 429). */
    public boolean called() {
        return called;
    }

    /** Whether our own count held the call back (the last minute's quota is used), rather than a 429. */
    public boolean quotaUsed() {
        return quotaUsed;
    }
}

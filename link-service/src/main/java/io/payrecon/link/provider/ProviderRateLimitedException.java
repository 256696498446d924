package io.payrecon.link.provider;

import io.payrecon.requestclient.ProviderException;
import java.time.Duration;

/**
 * The provider is rate limiting us: it answered 429 to this call, or it did to an earlier one and link-service is
 * not calling it until the backoff has passed. Either way nothing was created.
 */
public final class ProviderRateLimitedException extends RuntimeException {

    private final String operation;
    private final Duration retryAfter;
    private final boolean called;

    ProviderRateLimitedException(String operation, Duration retryAfter, ProviderException cause) {
        super(
                cause != null
                        ? "Request Network answered 429 to " + operation + "; backing off for " + retryAfter
                        : "Not calling Request Network for " + operation + " for another " + retryAfter
                                + " after its 429",
                cause);
        this.operation = operation;
        this.retryAfter = retryAfter;
        this.called = cause != null;
    }

    public String operation() {
        return operation;
    }

    /** How long until link-service calls the provider again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether this very call reached the provider (and got its 429), or was held back by the backoff. */
    public boolean called() {
        return called;
    }
}

package io.payrecon.link.provider;

import java.time.Duration;

/**
 * A provider call timed out or could not connect a moment ago, and link-service is not calling the provider until
 * {@code links.provider-failure-backoff} has passed. Nothing was sent, nothing was created.
 */
public final class ProviderUnavailableException extends RuntimeException {

    private final String operation;
    private final Duration retryAfter;

    ProviderUnavailableException(String operation, Duration retryAfter) {
        super("Not calling Request Network for " + operation + " for another " + retryAfter
                + " after it timed out or could not be reached");
        this.operation = operation;
        this.retryAfter = retryAfter;
    }

    public String operation() {
        return operation;
    }

    /** How long until link-service calls the provider again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

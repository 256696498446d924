package io.payrecon.link.provider;

import io.payrecon.link.LinkProperties;
import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.RequestStatus;
import io.payrecon.requestclient.SecurePaymentCreated;
import io.payrecon.requestclient.SecurePaymentRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The provider calls link-service makes, behind a backoff. The provider documents no {@code Retry-After}, and a
 * sustained breach blocks our client id for five minutes, so after a 429 no call is made for
 * {@code links.rate-limit-backoff}; a 429 right after a backoff doubles it (up to five minutes), a success resets it.
 * After a call timed out or could not connect, no call is made for {@code links.provider-failure-backoff}: each call
 * to a provider in trouble holds a request thread and a {@link ProviderPermits} place for up to
 * {@code request.timeout}, so the requests behind it are answered at once instead. While backing off, calls fail at
 * once with {@link ProviderRateLimitedException} or {@link ProviderUnavailableException}, without a request.
 */
@Component
public class PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    private final RequestNetworkClient client;
    private final Clock clock;
    private final Duration firstBackoff;
    private final Duration failureBackoff;
    private Instant blockedUntil = Instant.MIN;
    private boolean blockedByRateLimit;
    private int consecutiveRateLimits;

    PaymentProvider(RequestNetworkClient client, LinkProperties properties, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.firstBackoff = properties.rateLimitBackoff();
        this.failureBackoff = properties.providerFailureBackoff();
    }

    /**
     * {@code POST /v2/secure-payments}. Not idempotent at the provider.
     *
     * @throws ProviderRateLimitedException while backing off after a 429, or when the provider answered 429
     * @throws ProviderUnavailableException while backing off after a timeout or a failed connection
     * @throws ProviderException on any other failure
     */
    public SecurePaymentCreated create(SecurePaymentRequest request) {
        return call("POST /v2/secure-payments", () -> client.createSecurePayment(request));
    }

    /**
     * {@code GET /v2/request/{requestId}}: whether the request was paid, and how much. Accepted with an API key as
     * with a client id (unlike {@code GET /v2/secure-payments/{token}}, which needs a client id).
     *
     * @return empty when the provider does not know the request (404)
     * @throws ProviderRateLimitedException while backing off after a 429, or when the provider answered 429
     * @throws ProviderUnavailableException while backing off after a timeout or a failed connection
     * @throws ProviderException on any other failure
     */
    public Optional<RequestStatus> findRequest(String requestId) {
        return call("GET /v2/request/" + requestId, () -> client.findRequest(requestId));
    }

    private <T> T call(String operation, Supplier<T> call) {
        backOffIfBlocked(operation);
        T answer;
        try {
            answer = call.get();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.HTTP_STATUS && e.status() == 429) {
                throw new ProviderRateLimitedException(operation, rateLimited(operation), e);
            }
            if (e.kind() == ProviderException.Kind.TIMEOUT || e.kind() == ProviderException.Kind.CONNECTION_FAILED) {
                failed(operation, e.kind());
            }
            throw e;
        }
        succeeded();
        return answer;
    }

    private synchronized void backOffIfBlocked(String operation) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            Duration wait = Duration.between(now, blockedUntil);
            throw blockedByRateLimit
                    ? new ProviderRateLimitedException(operation, wait, null)
                    : new ProviderUnavailableException(operation, wait);
        }
    }

    /** Opens (or extends) the backoff. Calls that were in flight together count as one 429. */
    private synchronized Duration rateLimited(String operation) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil) && blockedByRateLimit) {
            return Duration.between(now, blockedUntil);
        }
        consecutiveRateLimits++;
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(consecutiveRateLimits - 1, 16));
        if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
            backoff = LONGEST_BACKOFF;
        }
        Instant until = now.plus(backoff);
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
        blockedByRateLimit = true;
        log.warn(
                "Request Network answered 429 to {} ({} in a row): no provider calls for {}",
                operation,
                consecutiveRateLimits,
                backoff);
        return Duration.between(now, blockedUntil);
    }

    /** A timeout or failed connection: a short pause, unless a longer rate-limit backoff is in force already. */
    private synchronized void failed(String operation, ProviderException.Kind kind) {
        Instant now = clock.instant();
        Instant until = now.plus(failureBackoff);
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
            blockedByRateLimit = false;
            log.warn("Request Network: {} to {}: no provider calls for {}", kind, operation, failureBackoff);
        }
    }

    private synchronized void succeeded() {
        if (consecutiveRateLimits > 0) {
            log.info("Request Network accepts calls again after {} rate limit(s)", consecutiveRateLimits);
            consecutiveRateLimits = 0;
        }
    }
}

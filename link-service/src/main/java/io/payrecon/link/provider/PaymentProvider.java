package io.payrecon.link.provider;

import io.payrecon.link.LinkProperties;
import io.payrecon.requestclient.ProviderException;
import io.payrecon.requestclient.RequestNetworkClient;
import io.payrecon.requestclient.SecurePaymentCreated;
import io.payrecon.requestclient.SecurePaymentLookup;
import io.payrecon.requestclient.SecurePaymentRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The provider calls link-service makes, behind a rate-limit backoff. The provider documents no
 * {@code Retry-After}, and a sustained breach blocks our client id for five minutes, so after a 429 no call is made
 * for {@code links.rate-limit-backoff}; a 429 right after a backoff doubles it (up to five minutes), a success
 * resets it. While backing off, calls fail at once with {@link ProviderRateLimitedException}, without a request.
 */
@Component
public class PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    private final RequestNetworkClient client;
    private final Clock clock;
    private final Duration firstBackoff;
    private Instant blockedUntil = Instant.MIN;
    private int consecutiveRateLimits;

    PaymentProvider(RequestNetworkClient client, LinkProperties properties, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.firstBackoff = properties.rateLimitBackoff();
    }

    /**
     * {@code POST /v2/secure-payments}. Not idempotent at the provider.
     *
     * @throws ProviderRateLimitedException while backing off, or when the provider answered 429
     * @throws ProviderException on any other failure
     */
    public SecurePaymentCreated create(SecurePaymentRequest request) {
        return call("POST /v2/secure-payments", () -> client.createSecurePayment(request));
    }

    /**
     * {@code GET /v2/secure-payments/{token}}: payable, not payable, unknown, completed or in progress.
     *
     * @throws ProviderRateLimitedException while backing off, or when the provider answered 429
     * @throws ProviderException on any other failure
     */
    public SecurePaymentLookup lookUp(String token) {
        return call("GET /v2/secure-payments/" + token, () -> client.lookUpSecurePayment(token));
    }

    private <T> T call(String operation, Supplier<T> call) {
        Duration wait = backoffLeft();
        if (!wait.isZero()) {
            throw new ProviderRateLimitedException(operation, wait, null);
        }
        T answer;
        try {
            answer = call.get();
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.HTTP_STATUS && e.status() == 429) {
                throw new ProviderRateLimitedException(operation, rateLimited(operation), e);
            }
            throw e;
        }
        succeeded();
        return answer;
    }

    private synchronized Duration backoffLeft() {
        Instant now = clock.instant();
        return now.isBefore(blockedUntil) ? Duration.between(now, blockedUntil) : Duration.ZERO;
    }

    /** Opens (or extends) the backoff. Calls that were in flight together count as one 429. */
    private synchronized Duration rateLimited(String operation) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            return Duration.between(now, blockedUntil);
        }
        consecutiveRateLimits++;
        Duration backoff = firstBackoff.multipliedBy(1L << Math.min(consecutiveRateLimits - 1, 16));
        if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
            backoff = LONGEST_BACKOFF;
        }
        blockedUntil = now.plus(backoff);
        log.warn(
                "Request Network answered 429 to {} ({} in a row): no provider calls for {}",
                operation,
                consecutiveRateLimits,
                backoff);
        return backoff;
    }

    private synchronized void succeeded() {
        if (consecutiveRateLimits > 0) {
            log.info("Request Network accepts calls again after {} rate limit(s)", consecutiveRateLimits);
            consecutiveRateLimits = 0;
        }
    }
}

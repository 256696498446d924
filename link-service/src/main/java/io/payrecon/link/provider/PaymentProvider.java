package io.payrecon.link.provider;

import io.payrecon.link.LinkProperties;
import io.payrecon.providerquota.ProviderQuota;
import io.payrecon.providerquota.QuotaExhausted;
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
 * The provider calls link-service makes, within the credential's quota ({@link ProviderQuota}, shared with every
 * other instance and with the reconciler's polling; link-service's calls are {@link ProviderQuota.Use#CHECKOUT}, which
 * comes first). A call the quota holds back, or one the provider answers 429 (after which every user of the
 * credential backs off), fails with {@link ProviderRateLimitedException}, nothing sent or nothing created. After a
 * call timed out or could not connect, this instance makes no call for {@code links.provider-failure-backoff}: each
 * call to a provider in trouble holds a request thread and a {@link ProviderPermits} place for up to
 * {@code request.timeout}, so the requests behind it are answered at once instead, with
 * {@link ProviderUnavailableException}.
 */
@Component
public class PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);

    private final RequestNetworkClient client;
    private final ProviderQuota quota;
    private final Clock clock;
    private final Duration failureBackoff;
    private Instant failingUntil = Instant.MIN;

    PaymentProvider(RequestNetworkClient client, ProviderQuota quota, LinkProperties properties, Clock clock) {
        this.client = client;
        this.quota = quota;
        this.clock = clock;
        this.failureBackoff = properties.providerFailureBackoff();
    }

    /**
     * {@code POST /v2/secure-payments}. Not idempotent at the provider.
     *
     * @throws ProviderRateLimitedException when the quota held the call back, or the provider answered 429
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
     * @throws ProviderRateLimitedException when the quota held the call back, or the provider answered 429
     * @throws ProviderUnavailableException while backing off after a timeout or a failed connection
     * @throws ProviderException on any other failure
     */
    public Optional<RequestStatus> findRequest(String requestId) {
        return call("GET /v2/request/" + requestId, () -> client.findRequest(requestId));
    }

    private <T> T call(String operation, Supplier<T> call) {
        backOffIfFailing(operation);
        try {
            return quota.call(ProviderQuota.Use.CHECKOUT, call);
        } catch (QuotaExhausted e) {
            throw new ProviderRateLimitedException(operation, e);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.TIMEOUT || e.kind() == ProviderException.Kind.CONNECTION_FAILED) {
                failed(operation, e.kind());
            }
            throw e;
        }
    }

    private synchronized void backOffIfFailing(String operation) {
        Instant now = clock.instant();
        if (now.isBefore(failingUntil)) {
            throw new ProviderUnavailableException(operation, Duration.between(now, failingUntil));
        }
    }

    /** A timeout or failed connection: a short pause for this instance. */
    private synchronized void failed(String operation, ProviderException.Kind kind) {
        Instant until = clock.instant().plus(failureBackoff);
        if (until.isAfter(failingUntil)) {
            failingUntil = until;
            log.warn("Request Network: {} to {}: no provider calls for {}", kind, operation, failureBackoff);
        }
    }
}

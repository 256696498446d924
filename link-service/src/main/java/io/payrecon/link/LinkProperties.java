package io.payrecon.link;

import io.payrecon.requestclient.Destination;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * link-service settings, prefix {@code links}.
 *
 * @param apiKeys the keys clients send in {@code X-Api-Key} (env {@code API_KEY}, comma-separated); only their
 *     SHA-256 hashes are used for checking
 * @param expiry how long a link is payable after creation, as we track it: the provider returns no expiry and
 *     documents 7 days, so at most {@link #PROVIDER_LINK_LIFETIME}. Longer would send payers to links the provider
 *     has already expired; shorter is allowed (a demo against the sandbox with an equally short
 *     {@code sandbox.link-expiry}) but against the real provider it means renewal replaces a link that is still
 *     payable there
 * @param publicUrl where payers reach this service, the base of each link's {@code payUrl}
 * @param sweepInterval how often the expiry sweep looks for unpaid links past their expiry
 * @param providerFailureBackoff how long no provider call is made after one timed out or could not connect, so a
 *     slow or unreachable provider is not called again by every waiting request
 * @param providerConcurrency how many requests may wait on the provider at once (no database connection is held
 *     meanwhile); bounds the request threads a slow provider can tie up and the load we put on it
 * @param providerPermitWait how long a request waits for one of those places before it is answered 503
 * @param destination the payee destination bound to our provider credential, where every link collects
 * @param claimLease how long a create or renewal holds the order's claim while it calls the provider; a claim left
 *     by a crashed instance is taken over by the next request after this. Longer than the provider calls of one
 *     renewal take ({@code request.timeout} each, for connecting and for reading)
 */
@Validated
@ConfigurationProperties("links")
public record LinkProperties(
        @NotEmpty(
                message = "no API key is configured: set API_KEY (links.api-keys), a comma-separated list of "
                        + "the keys clients must send in X-Api-Key")
        List<String> apiKeys,

        @NotNull @DefaultValue("7d") Duration expiry,
        @NotNull @DefaultValue("http://localhost:8081") URI publicUrl,
        @NotNull @DefaultValue("1m") Duration sweepInterval,
        @NotNull @DefaultValue("5s") Duration providerFailureBackoff,
        @DefaultValue("16") int providerConcurrency,
        @NotNull @DefaultValue("1s") Duration providerPermitWait,
        @NotNull @DefaultValue("30s") Duration claimLease,

        @NotNull(
                message = "no payee destination is configured: set LINKS_DESTINATION_ID (links.destination.id) to the "
                        + "destinationId bound to our provider credential, copied from the Request Network dashboard")
        PayeeDestination destination) {

    /**
     * Where our links collect: the provider resolves every link's destination from our credential (its OpenAPI
     * file, {@code POST /v2/secure-payments}), so link-service names that destination in each create, where a
     * different one is refused with 403 instead of collecting elsewhere, and checks orders against it.
     *
     * @param id the destination id (env {@code LINKS_DESTINATION_ID}), request-network-api.md §5
     * @param currency the token's symbol (env {@code LINKS_DESTINATION_CURRENCY}); may be left out for a token
     *     {@link Destination#knownToken() we know}
     * @param decimals how many decimals an amount in that token may have (env {@code LINKS_DESTINATION_DECIMALS});
     *     may be left out for a known token
     */
    public record PayeeDestination(String id, String currency, Integer decimals) {

        public PayeeDestination {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("links.destination.id (LINKS_DESTINATION_ID) is required: the "
                        + "destinationId bound to our provider credential, copied from the Request Network dashboard");
            }
            Destination parsed = Destination.parse(id);
            id = parsed.id();
            Destination.Token known = parsed.knownToken().orElse(null);
            currency =
                    currency == null || currency.isBlank() ? known == null ? null : known.symbol() : currency.strip();
            decimals = decimals == null && known != null && known.symbol().equalsIgnoreCase(currency)
                    ? Integer.valueOf(known.decimals())
                    : decimals;
            if (currency == null || decimals == null) {
                throw new IllegalArgumentException("links.destination: the token " + parsed.tokenAddress()
                        + " on chain " + parsed.chainId() + " is not one link-service knows: set "
                        + "LINKS_DESTINATION_CURRENCY (its symbol, such as USDC) and LINKS_DESTINATION_DECIMALS (such "
                        + "as 6)");
            }
            if (decimals < 0 || decimals > 36) {
                throw new IllegalArgumentException(
                        "links.destination.decimals (LINKS_DESTINATION_DECIMALS) must be 0..36, was " + decimals);
            }
        }

        /** The destination's parts. */
        public Destination parsed() {
            return Destination.parse(id);
        }
    }

    /** How long the provider keeps a link payable (request-network-api.md §2). */
    public static final Duration PROVIDER_LINK_LIFETIME = Duration.ofDays(7);

    public LinkProperties {
        apiKeys = apiKeys == null
                ? List.of()
                : apiKeys.stream()
                        .filter(key -> key != null && !key.isBlank())
                        .map(String::strip)
                        .toList();
        requirePositive("links.expiry", expiry);
        requirePositive("links.sweep-interval", sweepInterval);
        requirePositive("links.provider-failure-backoff", providerFailureBackoff);
        requirePositive("links.provider-permit-wait", providerPermitWait);
        requirePositive("links.claim-lease", claimLease);
        if (expiry != null && expiry.compareTo(PROVIDER_LINK_LIFETIME) > 0) {
            throw new IllegalArgumentException("links.expiry (LINKS_EXPIRY) must be at most 7d, the provider's link "
                    + "lifetime, was " + expiry + ": payers would be sent to links the provider has already expired");
        }
        if (providerConcurrency < 1) {
            throw new IllegalArgumentException(
                    "links.provider-concurrency must be at least 1, was " + providerConcurrency);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** The payer's entry point for an order: {@code {public-url}/pay/{orderId}}. */
    public URI payUrl(String orderId) {
        return URI.create(publicUrl.toString().replaceAll("/+$", "") + "/pay/" + orderId);
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return ("LinkProperties[apiKeys=%d configured, expiry=%s, publicUrl=%s, sweepInterval=%s, "
                        + "providerFailureBackoff=%s, providerConcurrency=%d, providerPermitWait=%s, claimLease=%s, "
                        + "destination=%s]")
                .formatted(
                        apiKeys.size(),
                        expiry,
                        publicUrl,
                        sweepInterval,
                        providerFailureBackoff,
                        providerConcurrency,
                        providerPermitWait,
                        claimLease,
                        destination);
    }
}

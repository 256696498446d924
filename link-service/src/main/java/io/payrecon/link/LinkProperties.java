package io.payrecon.link;

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
 * @param expiry how long a link is payable after creation: the provider returns no expiry and documents 7 days
 * @param publicUrl where payers reach this service, the base of each link's {@code payUrl}
 * @param sweepInterval how often the expiry sweep looks for unpaid links past their expiry
 * @param rateLimitBackoff how long no provider call is made after the provider answered 429; doubles while 429s
 *     follow each other, up to five minutes (the provider blocks a sustained breach for five minutes)
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
        @NotNull @DefaultValue("30s") Duration rateLimitBackoff) {

    public LinkProperties {
        apiKeys = apiKeys == null
                ? List.of()
                : apiKeys.stream()
                        .filter(key -> key != null && !key.isBlank())
                        .map(String::strip)
                        .toList();
        requirePositive("links.expiry", expiry);
        requirePositive("links.sweep-interval", sweepInterval);
        requirePositive("links.rate-limit-backoff", rateLimitBackoff);
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
        return "LinkProperties[apiKeys=%d configured, expiry=%s, publicUrl=%s, sweepInterval=%s, rateLimitBackoff=%s]"
                .formatted(apiKeys.size(), expiry, publicUrl, sweepInterval, rateLimitBackoff);
    }
}

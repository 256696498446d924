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
 */
@Validated
@ConfigurationProperties("links")
public record LinkProperties(
        @NotEmpty(
                message = "no API key is configured: set API_KEY (links.api-keys), a comma-separated list of "
                        + "the keys clients must send in X-Api-Key")
        List<String> apiKeys,

        @NotNull @DefaultValue("7d") Duration expiry,
        @NotNull @DefaultValue("http://localhost:8081") URI publicUrl) {

    public LinkProperties {
        apiKeys = apiKeys == null
                ? List.of()
                : apiKeys.stream()
                        .filter(key -> key != null && !key.isBlank())
                        .map(String::strip)
                        .toList();
        if (expiry != null && (expiry.isNegative() || expiry.isZero())) {
            throw new IllegalArgumentException("links.expiry must be positive, was " + expiry);
        }
    }

    /** The payer's entry point for an order: {@code {public-url}/pay/{orderId}}. */
    public URI payUrl(String orderId) {
        return URI.create(publicUrl.toString().replaceAll("/+$", "") + "/pay/" + orderId);
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "LinkProperties[apiKeys=%d configured, expiry=%s, publicUrl=%s]"
                .formatted(apiKeys.size(), expiry, publicUrl);
    }
}

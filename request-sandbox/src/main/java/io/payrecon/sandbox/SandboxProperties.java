package io.payrecon.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox's configuration ({@code sandbox.*}). It is a dev tool: credentials and the webhook secret fall back to
 * printed development defaults when unset, so it runs with no configuration at all.
 *
 * @param publicUrl where payers reach the sandbox: the base of {@code securePaymentUrl}
 * @param webhookUrl where webhooks are delivered (the webhook-gateway)
 * @param webhookSecret what webhooks are signed with (env {@code WEBHOOK_SECRET})
 * @param apiKeys accepted {@code x-api-key} values (env {@code REQUEST_API_KEY}, comma separated)
 * @param clientIds accepted {@code x-client-id} values (env {@code REQUEST_CLIENT_ID}, comma separated)
 * @param linkExpiry how long a link stays payable, 7 days like the provider
 */
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        URI publicUrl,
        URI webhookUrl,
        String webhookSecret,
        List<String> apiKeys,
        List<String> clientIds,
        Duration linkExpiry,
        Delivery delivery) {

    public static final String DEV_WEBHOOK_SECRET = "5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f";
    public static final String DEV_API_KEY = "sandbox-dev-api-key";
    public static final String DEV_CLIENT_ID = "cli_sandbox_dev";

    public SandboxProperties {
        publicUrl = publicUrl == null ? URI.create("http://localhost:8090") : publicUrl;
        webhookUrl = webhookUrl == null ? URI.create("http://localhost:8082/webhooks/request-network") : webhookUrl;
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? DEV_WEBHOOK_SECRET : webhookSecret.strip();
        apiKeys = orDefault(apiKeys, DEV_API_KEY);
        clientIds = orDefault(clientIds, DEV_CLIENT_ID);
        linkExpiry = linkExpiry == null ? Duration.ofDays(7) : linkExpiry;
        delivery = delivery == null ? new Delivery(null, null) : delivery;
        if (!"http".equals(webhookUrl.getScheme()) && !"https".equals(webhookUrl.getScheme())) {
            throw new IllegalArgumentException("sandbox.webhook-url must be an http(s) URL, was " + webhookUrl);
        }
        if (linkExpiry.isNegative() || linkExpiry.isZero()) {
            throw new IllegalArgumentException("sandbox.link-expiry must be positive, was " + linkExpiry);
        }
    }

    /** Which settings run on their development default, to print at startup (names only). */
    public List<String> developmentDefaultsInUse() {
        List<String> inUse = new ArrayList<>();
        if (webhookSecret.equals(DEV_WEBHOOK_SECRET)) {
            inUse.add("sandbox.webhook-secret (WEBHOOK_SECRET)");
        }
        if (apiKeys.equals(List.of(DEV_API_KEY))) {
            inUse.add("sandbox.api-keys (REQUEST_API_KEY) = " + DEV_API_KEY);
        }
        if (clientIds.equals(List.of(DEV_CLIENT_ID))) {
            inUse.add("sandbox.client-ids (REQUEST_CLIENT_ID) = " + DEV_CLIENT_ID);
        }
        return inUse;
    }

    /** Names the secrets only by whether they are set. */
    @Override
    public String toString() {
        return "SandboxProperties[publicUrl=%s, webhookUrl=%s, %d api keys, %d client ids, linkExpiry=%s, delivery=%s]"
                .formatted(publicUrl, webhookUrl, apiKeys.size(), clientIds.size(), linkExpiry, delivery);
    }

    private static List<String> orDefault(List<String> values, String fallback) {
        List<String> present = values == null
                ? List.of()
                : values.stream()
                        .filter(value -> value != null && !value.isBlank())
                        .map(String::strip)
                        .toList();
        return present.isEmpty() ? List.of(fallback) : present;
    }

    /**
     * How webhooks are delivered: like the provider, a first attempt then one retry after each delay, each attempt
     * with its own timeout, any 2xx a success; after the last retry the delivery is dropped.
     *
     * @param retryDelays default 1s, 5s, 15s
     * @param timeout per attempt, default 5s
     */
    public record Delivery(List<Duration> retryDelays, Duration timeout) {

        public Delivery {
            retryDelays = retryDelays == null
                    ? List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15))
                    : List.copyOf(retryDelays);
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            if (retryDelays.stream().anyMatch(Duration::isNegative)) {
                throw new IllegalArgumentException(
                        "sandbox.delivery.retry-delays must not be negative: " + retryDelays);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sandbox.delivery.timeout must be positive, was " + timeout);
            }
        }
    }
}

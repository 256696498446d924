package io.payrecon.requestclient;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the provider, bound by each app from the {@code request.*} properties (env {@code REQUEST_BASE_URL},
 * {@code REQUEST_API_KEY}, {@code REQUEST_CLIENT_ID}, …) with
 * {@code @EnableConfigurationProperties(RequestNetworkProperties.class)}.
 *
 * @param baseUrl the API root, default {@code https://api.request.network}
 * @param apiKey sent as {@code x-api-key}; preferred over the client id when both are set
 * @param clientId sent as {@code x-client-id} when there is no API key
 * @param origin sent as {@code Origin} with the client id, for a frontend client id's allow-list
 * @param timeout connect and read timeout of each call, default 5 s
 */
@ConfigurationProperties("request")
public record RequestNetworkProperties(URI baseUrl, String apiKey, String clientId, String origin, Duration timeout) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.request.network");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public RequestNetworkProperties {
        baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
        apiKey = blankToNull(apiKey);
        clientId = blankToNull(clientId);
        origin = blankToNull(origin);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request.timeout must be positive, was " + timeout);
        }
    }

    /** Whether a credential is configured, so calls can be authenticated. */
    public boolean hasCredential() {
        return apiKey != null || clientId != null;
    }

    /** Names the credentials only by whether they are set: they are secrets. */
    @Override
    public String toString() {
        return "RequestNetworkProperties[baseUrl=%s, apiKey=%s, clientId=%s, origin=%s, timeout=%s]"
                .formatted(
                        baseUrl, apiKey == null ? "unset" : "***", clientId == null ? "unset" : "***", origin, timeout);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

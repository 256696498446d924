package io.payrecon.sandbox;

import io.payrecon.requestclient.Destination;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesSource;

/**
 * The sandbox's configuration ({@code sandbox.*}). It is a dev tool: credentials and the webhook secret fall back to
 * printed development defaults when unset, so it runs with no configuration at all.
 *
 * @param publicUrl where payers reach the sandbox: the base of {@code securePaymentUrl}
 * @param webhookUrl where webhooks are delivered (the webhook-gateway)
 * @param webhookSecret what webhooks are signed with (env {@code WEBHOOK_SECRET})
 * @param apiKeys accepted {@code x-api-key} values (env {@code REQUEST_API_KEY}, comma separated), each bound to
 *     {@code destinationId}
 * @param clientIds accepted backend {@code x-client-id} values (env {@code REQUEST_CLIENT_ID}, comma separated), each
 *     bound to {@code destinationId}
 * @param credentials further credentials, each with its own destination, origins, revocation and rate limit
 * @param destinationId the platform's active payee destination: what a link resolves to when neither the item nor
 *     the credential names one
 * @param destinationCurrency the symbol of the token {@code destinationId} collects in (env
 *     {@code SANDBOX_DESTINATION_CURRENCY}), with {@code destinationDecimals}; only needed for a token that
 *     {@link Token#known} does not list
 * @param destinationDecimals how many decimals that token has (env {@code SANDBOX_DESTINATION_DECIMALS})
 * @param rateLimit requests per minute per credential and caller IP, 300 like the provider's default tier (env
 *     {@code SANDBOX_RATE_LIMIT})
 * @param blockRefusalRatio what share of its limit a credential + IP may be refused within a minute before its breach
 *     counts as sustained and blocks it: 0.1, so 30 refusals at 300/min (env {@code SANDBOX_BLOCK_REFUSAL_RATIO})
 * @param blockDuration how long a sustained breach blocks that credential + IP, 5 minutes like the provider; 0 never
 *     blocks (env {@code SANDBOX_BLOCK_DURATION})
 * @param linkExpiry how long a link stays payable, 7 days like the provider
 * @param latency how long the provider API takes to answer (after the credential check)
 * @param dataDir where the sandbox journals its state, to survive restarts (env {@code SANDBOX_DATA_DIR}); unset, it
 *     keeps state in memory only
 */
@ConfigurationProperties("sandbox")
public record SandboxProperties(
        URI publicUrl,
        URI webhookUrl,
        String webhookSecret,
        List<String> apiKeys,
        List<String> clientIds,
        List<Credential> credentials,
        String destinationId,
        String destinationCurrency,
        Integer destinationDecimals,
        Integer rateLimit,
        Double blockRefusalRatio,
        Duration blockDuration,
        Duration linkExpiry,
        Latency latency,
        String dataDir,
        Delivery delivery) {

    public static final String DEV_WEBHOOK_SECRET = "5e1f0c3a9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f";
    public static final String DEV_API_KEY = "sandbox-dev-api-key";
    public static final String DEV_CLIENT_ID = "cli_sandbox_dev";

    /** The provider documentation's Sepolia example destination (FAU token). */
    public static final String DEFAULT_DESTINATION_ID =
            "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:11155111#1F969856:0x370DE27fdb7D1Ff1e1BaA7D11c5820a324Cf623C";

    public static final int DEFAULT_RATE_LIMIT = 300;

    public SandboxProperties {
        publicUrl = publicUrl == null ? URI.create("http://localhost:8090") : publicUrl;
        webhookUrl = webhookUrl == null ? URI.create("http://localhost:8082/webhooks/request-network") : webhookUrl;
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? DEV_WEBHOOK_SECRET : webhookSecret.strip();
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        boolean listHasApiKey = credentials.stream().anyMatch(credential -> credential.apiKey() != null);
        boolean listHasClientId = credentials.stream().anyMatch(credential -> credential.clientId() != null);
        apiKeys = orDefault(apiKeys, listHasApiKey ? null : DEV_API_KEY);
        clientIds = orDefault(clientIds, listHasClientId ? null : DEV_CLIENT_ID);
        destinationId =
                destinationId == null || destinationId.isBlank() ? DEFAULT_DESTINATION_ID : destinationId.strip();
        rateLimit = rateLimit == null ? DEFAULT_RATE_LIMIT : rateLimit;
        blockRefusalRatio = blockRefusalRatio == null ? 0.1 : blockRefusalRatio;
        blockDuration = blockDuration == null ? Duration.ofMinutes(5) : blockDuration;
        linkExpiry = linkExpiry == null ? Duration.ofDays(7) : linkExpiry;
        latency = latency == null ? new Latency(null, null) : latency;
        dataDir = dataDir == null || dataDir.isBlank() ? null : dataDir.strip();
        delivery = delivery == null ? new Delivery(null, null) : delivery;
        if (!"http".equals(webhookUrl.getScheme()) && !"https".equals(webhookUrl.getScheme())) {
            throw new IllegalArgumentException("sandbox.webhook-url must be an http(s) URL, was " + webhookUrl);
        }
        if (linkExpiry.isNegative() || linkExpiry.isZero()) {
            throw new IllegalArgumentException("sandbox.link-expiry must be positive, was " + linkExpiry);
        }
        if (rateLimit < 1) {
            throw new IllegalArgumentException("sandbox.rate-limit must be at least 1 request per minute");
        }
        if (!(blockRefusalRatio > 0) || blockRefusalRatio.isInfinite()) {
            throw new IllegalArgumentException(
                    "sandbox.block-refusal-ratio must be a share of the limit greater than 0, such as 0.1, was "
                            + blockRefusalRatio);
        }
        if (blockDuration.isNegative()) {
            throw new IllegalArgumentException(
                    "sandbox.block-duration must not be negative (0 never blocks), was " + blockDuration);
        }
        if (!Destination.SHAPE.matcher(destinationId).matches()) {
            throw new IllegalArgumentException(
                    "sandbox.destination-id must look like {wallet}@eip155:{chainId}#{checksum}:{tokenAddress}");
        }
        destinationCurrency = destinationCurrency == null || destinationCurrency.isBlank() ? null : destinationCurrency;
        tokenOf(
                destinationId,
                destinationCurrency,
                destinationDecimals,
                "sandbox.destination-id",
                "sandbox.destination-currency (SANDBOX_DESTINATION_CURRENCY)",
                "sandbox.destination-decimals (SANDBOX_DESTINATION_DECIMALS)");
        checkCredentials(apiKeys, clientIds, credentials);
    }

    /** The token the platform destination collects in (checked at startup). */
    public Token destinationToken() {
        return tokenOf(
                destinationId,
                destinationCurrency,
                destinationDecimals,
                "sandbox.destination-id",
                "sandbox.destination-currency",
                "sandbox.destination-decimals");
    }

    /**
     * The token a destination collects in: the configured one, else the one {@link Token#known} lists for its chain
     * and address; neither is a configuration error that names the settings to add.
     */
    private static Token tokenOf(
            String destinationId,
            String currency,
            Integer decimals,
            String destinationSetting,
            String currencySetting,
            String decimalsSetting) {
        if ((currency == null) != (decimals == null)) {
            throw new IllegalArgumentException(
                    currencySetting + " and " + decimalsSetting + " go together: set both or neither");
        }
        if (currency != null) {
            try {
                return new Token(currency, decimals);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(currencySetting + ", " + decimalsSetting + ": " + e.getMessage(), e);
            }
        }
        Destination parts;
        try {
            parts = Destination.parse(destinationId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(destinationSetting + ": " + e.getMessage(), e);
        }
        return Token.known(parts.chainId(), parts.tokenAddress())
                .orElseThrow(() -> new IllegalArgumentException(destinationSetting + " collects in token "
                        + parts.tokenAddress() + " on chain " + parts.chainId()
                        + ", which the sandbox does not know (it knows "
                        + Token.knownList() + "): set its symbol and decimals with " + currencySetting + " and "
                        + decimalsSetting));
    }

    /** The data directory, or null when state is kept in memory only. */
    public Path dataPath() {
        return dataDir == null ? null : Path.of(dataDir);
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
        return ("SandboxProperties[publicUrl=%s, webhookUrl=%s, %d api keys, %d client ids, %d listed credentials, "
                        + "rateLimit=%d/min, blockRefusalRatio=%s, blockDuration=%s, linkExpiry=%s, latency=%s, "
                        + "dataDir=%s, delivery=%s]")
                .formatted(
                        publicUrl,
                        webhookUrl,
                        apiKeys.size(),
                        clientIds.size(),
                        credentials.size(),
                        rateLimit,
                        blockRefusalRatio,
                        blockDuration,
                        linkExpiry,
                        latency,
                        dataDir,
                        delivery);
    }

    private static List<String> orDefault(List<String> values, String fallback) {
        List<String> present = values == null
                ? List.of()
                : values.stream()
                        .filter(value -> value != null && !value.isBlank())
                        .map(String::strip)
                        .toList();
        return present.isEmpty() && fallback != null ? List.of(fallback) : present;
    }

    private static void checkCredentials(List<String> apiKeys, List<String> clientIds, List<Credential> credentials) {
        Set<String> seen = new HashSet<>();
        apiKeys.forEach(key -> requireUnique(seen, "x-api-key", key, "sandbox.api-keys"));
        clientIds.forEach(id -> requireUnique(seen, "x-client-id", id, "sandbox.client-ids"));
        for (int i = 0; i < credentials.size(); i++) {
            Credential credential = credentials.get(i);
            String at = "sandbox.credentials[" + i + "]";
            if ((credential.apiKey() == null) == (credential.clientId() == null)) {
                throw new IllegalArgumentException(at + " needs exactly one of api-key or client-id");
            }
            if (credential.apiKey() != null && !credential.allowedOrigins().isEmpty()) {
                throw new IllegalArgumentException(
                        at + ".allowed-origins only applies to a client-id: an API key is for backends");
            }
            if (credential.destinationId() != null
                    && !Destination.SHAPE.matcher(credential.destinationId()).matches()) {
                throw new IllegalArgumentException(
                        at + ".destination-id must look like {wallet}@eip155:{chainId}#{checksum}:{tokenAddress}");
            }
            if (credential.destinationId() == null
                    && (credential.currency() != null || credential.decimals() != null)) {
                throw new IllegalArgumentException(
                        at + ".currency and .decimals describe the credential's own destination-id: set that too");
            }
            if (credential.destinationId() != null) {
                tokenOf(
                        credential.destinationId(),
                        credential.currency(),
                        credential.decimals(),
                        at + ".destination-id",
                        at + ".currency",
                        at + ".decimals");
            }
            if (credential.rateLimit() != null && credential.rateLimit() < 1) {
                throw new IllegalArgumentException(at + ".rate-limit must be at least 1 request per minute");
            }
            if (credential.apiKey() != null) {
                requireUnique(seen, "x-api-key", credential.apiKey(), at);
            } else {
                requireUnique(seen, "x-client-id", credential.clientId(), at);
            }
        }
    }

    private static void requireUnique(Set<String> seen, String header, String value, String where) {
        if (!seen.add(header + ":" + value)) {
            throw new IllegalArgumentException(where + " repeats an " + header + " that is already configured");
        }
    }

    /**
     * One provider credential: an {@code x-api-key} (backends) or an {@code x-client-id} (a backend one without
     * allowed origins, or a frontend one whose callers must send an allowed {@code Origin}).
     *
     * <p>{@code @ConfigurationPropertiesSource} changes no binding: Spring Boot's configuration processor, which
     * describes {@code sandbox.credentials} as just a list, then writes this record's properties too (to
     * {@code META-INF/spring/configuration-metadata/}), so that the deployment checks know them below each index.
     *
     * @param name how logs and answers name the credential (never its value); default {@code credentials[i]}
     * @param destinationId the payee destination it is bound to; when absent an API key or frontend Client ID uses
     *     {@code sandbox.destination-id}, while a backend Client ID is unbound and cannot create links (403)
     * @param allowedOrigins for a frontend Client ID: the {@code Origin} values it may be used from
     * @param revoked still known but refused (403)
     * @param rateLimit requests per minute for this credential, instead of {@code sandbox.rate-limit}
     * @param currency the symbol of the token its own {@code destinationId} collects in, with {@code decimals}; only
     *     needed for a token that {@link Token#known} does not list
     * @param decimals how many decimals that token has
     */
    @ConfigurationPropertiesSource
    public record Credential(
            String name,
            String apiKey,
            String clientId,
            String destinationId,
            List<String> allowedOrigins,
            boolean revoked,
            Integer rateLimit,
            String currency,
            Integer decimals) {

        public Credential {
            apiKey = blankToNull(apiKey);
            clientId = blankToNull(clientId);
            destinationId = blankToNull(destinationId);
            currency = blankToNull(currency);
            name = blankToNull(name);
            allowedOrigins = allowedOrigins == null
                    ? List.of()
                    : allowedOrigins.stream()
                            .filter(origin -> origin != null && !origin.isBlank())
                            .map(String::strip)
                            .toList();
        }

        /** The token its own destination collects in; null when it has none (checked at startup). */
        public Token token() {
            return destinationId == null
                    ? null
                    : tokenOf(destinationId, currency, decimals, "destination-id", "currency", "decimals");
        }

        @Override
        public String toString() {
            return "Credential[name=%s, %s, destinationId=%s, allowedOrigins=%s, revoked=%s, rateLimit=%s]"
                    .formatted(
                            name,
                            apiKey != null ? "api key" : "client id",
                            destinationId,
                            allowedOrigins,
                            revoked,
                            rateLimit);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /**
     * How long the provider API takes to answer, by default like a round trip to a distant API: each call waits a time
     * drawn from a log-normal distribution fitted to a median and a 99th percentile. The defaults are not measured
     * (the live API cannot be reached from our machines); they are what a hosted API on another continent behind TLS
     * typically shows, so clients meet real waits, not the instant answers of a local process. A read is one round trip
     * plus a lookup: median 80 ms, p99 400 ms (a slow path or a slow query). A create does more: it computes and
     * stores a Request Network request per item and writes the link: median 250 ms, p99 1.2 s.
     *
     * @param create {@code POST /v2/secure-payments} (env {@code SANDBOX_LATENCY_CREATE_MEDIAN},
     *     {@code SANDBOX_LATENCY_CREATE_P99})
     * @param read {@code GET /v2/request/{requestId}}, {@code GET /v2/secure-payments/{token}}, {@code GET /v2/payments}
     *     (env {@code SANDBOX_LATENCY_READ_MEDIAN}, {@code SANDBOX_LATENCY_READ_P99})
     */
    public record Latency(Spread create, Spread read) {

        static final Spread DEFAULT_CREATE = new Spread(Duration.ofMillis(250), Duration.ofMillis(1200));
        static final Spread DEFAULT_READ = new Spread(Duration.ofMillis(80), Duration.ofMillis(400));

        public Latency {
            create = Spread.orDefault(create, DEFAULT_CREATE, "sandbox.latency.create");
            read = Spread.orDefault(read, DEFAULT_READ, "sandbox.latency.read");
        }
    }

    /**
     * A latency's median and 99th percentile; a median of {@code 0} turns it off, a p99 equal to the median makes it
     * fixed.
     */
    public record Spread(Duration median, Duration p99) {

        /** Unset parts take the default; a p99 left unset is never below the median. */
        static Spread orDefault(Spread spread, Spread fallback, String name) {
            Duration median = spread == null || spread.median() == null ? fallback.median() : spread.median();
            Duration p99 = spread == null || spread.p99() == null
                    ? (median.compareTo(fallback.p99()) > 0 ? median : fallback.p99())
                    : spread.p99();
            if (median.isNegative() || p99.isNegative()) {
                throw new IllegalArgumentException(name + ".median and .p99 must not be negative");
            }
            if (!median.isZero() && p99.compareTo(median) < 0) {
                throw new IllegalArgumentException(name + ".p99 (" + p99 + ") must not be below " + name + ".median ("
                        + median + "); a median of 0 turns the latency off");
            }
            return new Spread(median, p99);
        }
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

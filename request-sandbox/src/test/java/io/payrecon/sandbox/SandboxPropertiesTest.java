package io.payrecon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxPropertiesTest {

    @Test
    void runsWithoutConfigurationOnPrintedDevelopmentDefaults() {
        SandboxProperties properties = properties(null, "", List.of(""), null, null);

        assertThat(properties.publicUrl()).isEqualTo(URI.create("http://localhost:8090"));
        assertThat(properties.webhookUrl()).isEqualTo(URI.create("http://localhost:8082/webhooks/request-network"));
        assertThat(properties.webhookSecret()).matches("[0-9a-f]{64}");
        assertThat(properties.apiKeys()).containsExactly(SandboxProperties.DEV_API_KEY);
        assertThat(properties.clientIds()).containsExactly(SandboxProperties.DEV_CLIENT_ID);
        assertThat(properties.destinationId()).isEqualTo(SandboxProperties.DEFAULT_DESTINATION_ID);
        assertThat(properties.rateLimit()).isEqualTo(300);
        assertThat(properties.blockRefusalRatio()).isEqualTo(0.1);
        assertThat(properties.blockDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.linkExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.latency().create())
                .isEqualTo(new SandboxProperties.Spread(Duration.ofMillis(250), Duration.ofMillis(1200)));
        assertThat(properties.latency().read())
                .isEqualTo(new SandboxProperties.Spread(Duration.ofMillis(80), Duration.ofMillis(400)));
        assertThat(properties.delivery().retryDelays())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(properties.delivery().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.developmentDefaultsInUse()).hasSize(3);
    }

    @Test
    void configuredSecretsReplaceTheDefaultsAndAreNeverShown() {
        SandboxProperties properties = properties(
                null,
                "configured-secret",
                List.of("key-1", " key-2 "),
                List.of("cli_1"),
                List.of(credential("rk_listed", null, List.of(), null)));

        assertThat(properties.apiKeys()).containsExactly("key-1", "key-2");
        assertThat(properties.developmentDefaultsInUse()).isEmpty();
        assertThat(properties.toString()).doesNotContain("configured-secret", "key-1", "cli_1", "rk_listed");
        assertThat(properties.credentials().get(0).toString()).doesNotContain("rk_listed");
    }

    @Test
    void listedCredentialsReplaceTheDevelopmentDefaultOfTheirKind() {
        SandboxProperties properties =
                properties(null, null, null, null, List.of(credential(null, "cli_listed", List.of(), null)));

        assertThat(properties.clientIds()).isEmpty();
        assertThat(properties.apiKeys()).containsExactly(SandboxProperties.DEV_API_KEY);
    }

    @Test
    void refusesAWebhookUrlThatIsNotHttp() {
        assertThatThrownBy(() -> properties(URI.create("ftp://gateway/hooks"), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox.webhook-url");
    }

    @Test
    void refusesACredentialThatIsNeitherOrBothKinds() {
        assertThatThrownBy(() -> properties(null, null, null, null, List.of(credential(null, null, List.of(), null))))
                .hasMessageContaining("sandbox.credentials[0] needs exactly one of api-key or client-id");
        assertThatThrownBy(() -> properties(null, null, null, null, List.of(credential("rk", "cli", List.of(), null))))
                .hasMessageContaining("sandbox.credentials[0]");
    }

    @Test
    void refusesOriginsOnAnApiKeyAMalformedDestinationAndRepeatedValues() {
        assertThatThrownBy(() -> properties(
                        null, null, null, null, List.of(credential("rk", null, List.of("https://a.example"), null))))
                .hasMessageContaining("allowed-origins only applies to a client-id");
        assertThatThrownBy(
                        () -> properties(null, null, null, null, List.of(credential("rk", null, List.of(), "0xabc"))))
                .hasMessageContaining("sandbox.credentials[0].destination-id");
        assertThatThrownBy(() ->
                        properties(null, null, List.of("rk"), null, List.of(credential("rk", null, List.of(), null))))
                .hasMessageContaining("repeats an x-api-key")
                .hasMessageNotContaining("rk ");
    }

    @Test
    void aLatencyIsOffWithAZeroMedianAndNeverHasAP99BelowItsMedian() {
        SandboxProperties off = withLatency(new SandboxProperties.Spread(Duration.ZERO, null), null);
        SandboxProperties slow = withLatency(new SandboxProperties.Spread(Duration.ofSeconds(2), null), null);

        assertThat(off.latency().create().median()).isZero();
        assertThat(slow.latency().create().p99()).isEqualTo(Duration.ofSeconds(2));
        assertThat(off.latency().read().median())
                .as("the other keeps its default")
                .isEqualTo(Duration.ofMillis(80));
        assertThatThrownBy(() ->
                        withLatency(null, new SandboxProperties.Spread(Duration.ofMillis(100), Duration.ofMillis(50))))
                .hasMessageContaining("sandbox.latency.read.p99");
    }

    @Test
    void refusesABlockThatCannotWork() {
        assertThatThrownBy(() -> withBlock(0.0, null)).hasMessageContaining("sandbox.block-refusal-ratio");
        assertThatThrownBy(() -> withBlock(null, Duration.ofSeconds(-1)))
                .hasMessageContaining("sandbox.block-duration");
        assertThat(withBlock(null, Duration.ZERO).blockDuration())
                .as("never blocks")
                .isZero();
    }

    /** request-network-api.md §5: a destination names its token only by chain and address. */
    @Test
    void knowsTheTokenOfTheDefaultDestinationAndRefusesToGuessAnUnknownOne() {
        assertThat(properties(null, null, null, null, null).destinationToken()).isEqualTo(new Token("FAU", 18));
        String unknown =
                "0x2222222222222222222222222222222222222222@eip155:8453#CD34EF56:0x3333333333333333333333333333333333333333";

        assertThatThrownBy(() -> withDestination(unknown, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox.destination-id collects in token 0x3333")
                .hasMessageContaining("SANDBOX_DESTINATION_CURRENCY")
                .hasMessageContaining("SANDBOX_DESTINATION_DECIMALS");
        assertThat(withDestination(unknown, "EURC", 6).destinationToken()).isEqualTo(new Token("EURC", 6));
        assertThatThrownBy(() -> withDestination(unknown, "EURC", null)).hasMessageContaining("go together");
        assertThatThrownBy(
                        () -> properties(null, null, null, null, List.of(credential("rk", null, List.of(), unknown))))
                .hasMessageContaining("sandbox.credentials[0].destination-id collects in token")
                .hasMessageContaining("sandbox.credentials[0].currency");
    }

    @Test
    void knowsUsdcByChainAndAddressWhateverTheCase() {
        assertThat(Token.known("8453", "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913"))
                .contains(new Token("USDC", 6));
        assertThat(Token.known("1", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"))
                .contains(new Token("USDC", 6));
        assertThat(Token.known("11155111", "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238"))
                .contains(new Token("USDC", 6));
        assertThat(Token.known("8453", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"))
                .as("USDC's Ethereum address on Base")
                .isEmpty();
    }

    private static SandboxProperties properties(
            URI webhookUrl,
            String secret,
            List<String> apiKeys,
            List<String> clientIds,
            List<SandboxProperties.Credential> credentials) {
        return new SandboxProperties(
                null,
                webhookUrl,
                secret,
                apiKeys,
                clientIds,
                credentials,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static SandboxProperties withDestination(String destinationId, String currency, Integer decimals) {
        return new SandboxProperties(
                null,
                null,
                null,
                null,
                null,
                null,
                destinationId,
                currency,
                decimals,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static SandboxProperties withBlock(Double ratio, Duration duration) {
        return new SandboxProperties(
                null, null, null, null, null, null, null, null, null, null, ratio, duration, null, null, null, null);
    }

    private static SandboxProperties withLatency(SandboxProperties.Spread create, SandboxProperties.Spread read) {
        return new SandboxProperties(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new SandboxProperties.Latency(create, read),
                null,
                null);
    }

    private static SandboxProperties.Credential credential(
            String apiKey, String clientId, List<String> origins, String destinationId) {
        return new SandboxProperties.Credential(
                null, apiKey, clientId, destinationId, origins, false, null, null, null);
    }
}

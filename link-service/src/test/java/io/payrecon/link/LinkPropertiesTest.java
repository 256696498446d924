package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LinkPropertiesTest {

    /** Past the provider's 7 days, payers would be sent to links the provider has already expired. */
    @Test
    void expiryLongerThanTheProvidersSevenDaysIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("links.api-keys", "a-key", "links.expiry", "8d")))
                .hasStackTraceContaining("links.expiry")
                .hasStackTraceContaining("at most 7d");

        assertThat(bind(Map.of("links.api-keys", "a-key", "links.expiry", "7d")).expiry())
                .isEqualTo(Duration.ofDays(7));
        assertThat(bind(Map.of("links.api-keys", "a-key", "links.expiry", "1h")).expiry())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void providerConcurrencyDefaultsToSixteenAndMustBePositive() {
        assertThat(bind(Map.of("links.api-keys", "a-key")).providerConcurrency())
                .isEqualTo(16);
        assertThatThrownBy(() -> bind(Map.of("links.api-keys", "a-key", "links.provider-concurrency", "0")))
                .hasStackTraceContaining("links.provider-concurrency");
    }

    @Test
    void claimLeaseDefaultsToThirtySecondsAndMustBePositive() {
        assertThat(bind(Map.of("links.api-keys", "a-key")).claimLease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bind(Map.of("links.api-keys", "a-key", "links.claim-lease", "2m"))
                        .claimLease())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> bind(Map.of("links.api-keys", "a-key", "links.claim-lease", "0s")))
                .hasStackTraceContaining("links.claim-lease");
    }

    /** request-network-api.md §5: the destination id's shape; its token's symbol and decimals when we know them. */
    @Test
    void theDestinationIsCheckedAndAKnownTokenGivesItsCurrencyAndDecimals() {
        LinkProperties.PayeeDestination usdc = bind(Map.of(
                        "links.api-keys", "a-key", "links.destination.id", RunningLinkService.DESTINATION_ID))
                .destination();
        assertThat(usdc.currency()).isEqualTo("USDC");
        assertThat(usdc.decimals()).isEqualTo(6);
        assertThat(usdc.parsed().network()).isEqualTo("sepolia");

        String unknownToken = "0x6923831ACf5c327260D7ac7C9DfF5b1c3cB3C7D7@eip155:8453#1F969856:0xabc";
        assertThatThrownBy(() -> bind(Map.of("links.api-keys", "a-key", "links.destination.id", unknownToken)))
                .hasStackTraceContaining("LINKS_DESTINATION_CURRENCY");
        LinkProperties.PayeeDestination configured = bind(Map.of(
                        "links.api-keys", "a-key",
                        "links.destination.id", unknownToken,
                        "links.destination.currency", "EURC",
                        "links.destination.decimals", "6"))
                .destination();
        assertThat(configured.currency()).isEqualTo("EURC");
        assertThat(configured.decimals()).isEqualTo(6);

        assertThatThrownBy(() -> bind(Map.of("links.api-keys", "a-key", "links.destination.id", "0xabc")))
                .hasStackTraceContaining("{wallet}@eip155:{chainId}#{checksum}:{tokenAddress}");
    }

    private static LinkProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("links", LinkProperties.class)
                .get();
    }
}

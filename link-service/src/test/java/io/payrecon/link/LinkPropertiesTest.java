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

    private static LinkProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("links", LinkProperties.class)
                .get();
    }
}

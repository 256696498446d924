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
        SandboxProperties properties = new SandboxProperties(null, null, "", List.of(""), null, null, null);

        assertThat(properties.publicUrl()).isEqualTo(URI.create("http://localhost:8090"));
        assertThat(properties.webhookUrl()).isEqualTo(URI.create("http://localhost:8082/webhooks/request-network"));
        assertThat(properties.webhookSecret()).matches("[0-9a-f]{64}");
        assertThat(properties.apiKeys()).containsExactly(SandboxProperties.DEV_API_KEY);
        assertThat(properties.clientIds()).containsExactly(SandboxProperties.DEV_CLIENT_ID);
        assertThat(properties.linkExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.delivery().retryDelays())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(properties.delivery().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.developmentDefaultsInUse()).hasSize(3);
    }

    @Test
    void configuredSecretsReplaceTheDefaultsAndAreNeverShown() {
        SandboxProperties properties = new SandboxProperties(
                null, null, "configured-secret", List.of("key-1", " key-2 "), List.of("cli_1"), null, null);

        assertThat(properties.apiKeys()).containsExactly("key-1", "key-2");
        assertThat(properties.developmentDefaultsInUse()).isEmpty();
        assertThat(properties.toString()).doesNotContain("configured-secret", "key-1", "cli_1");
    }

    @Test
    void refusesAWebhookUrlThatIsNotHttp() {
        assertThatThrownBy(() ->
                        new SandboxProperties(null, URI.create("ftp://gateway/hooks"), null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox.webhook-url");
    }
}

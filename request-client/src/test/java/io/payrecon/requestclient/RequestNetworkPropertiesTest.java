package io.payrecon.requestclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RequestNetworkPropertiesTest {

    @Test
    void defaultsToTheProvidersApiAndFiveSeconds() {
        RequestNetworkProperties properties = new RequestNetworkProperties(null, "key", null, null, null);

        assertThat(properties.baseUrl()).isEqualTo(URI.create("https://api.request.network"));
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void bindsFromTheEnvironmentVariablesOfTheContract() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                        "REQUEST_BASE_URL", "http://localhost:8090",
                                        "REQUEST_API_KEY", "sandbox-key",
                                        "REQUEST_CLIENT_ID", "cli_sandbox",
                                        "REQUEST_ORIGIN", "http://localhost:8081",
                                        "REQUEST_TIMEOUT", "2s")));

        RequestNetworkProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bind("request", RequestNetworkProperties.class)
                .get();

        assertThat(properties.baseUrl()).isEqualTo(URI.create("http://localhost:8090"));
        assertThat(properties.apiKey()).isEqualTo("sandbox-key");
        assertThat(properties.clientId()).isEqualTo("cli_sandbox");
        assertThat(properties.origin()).isEqualTo("http://localhost:8081");
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void blankCredentialsAreUnset() {
        RequestNetworkProperties properties = new RequestNetworkProperties(null, "", "  ", "", null);

        assertThat(properties.apiKey()).isNull();
        assertThat(properties.clientId()).isNull();
        assertThat(properties.hasCredential()).isFalse();
    }

    @Test
    void itsTextNeverShowsACredential() {
        RequestNetworkProperties properties =
                new RequestNetworkProperties(null, "secret-api-key", "cli_secret", null, null);

        assertThat(properties.toString()).doesNotContain("secret-api-key", "cli_secret");
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> new RequestNetworkProperties(null, "key", null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("request.timeout");
    }
}

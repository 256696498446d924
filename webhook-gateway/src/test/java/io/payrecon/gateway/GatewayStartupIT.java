package io.payrecon.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;

/** The whole app, started as in production, refuses to start without its secret, its broker or its Kafka login. */
class GatewayStartupIT {

    /** A login of the shape the app needs; the broker is never reached in these tests. */
    private static final String[] KAFKA_LOGIN = {"--KAFKA_USERNAME=webhook-gateway", "--KAFKA_PASSWORD=a-password"};

    @Test
    void refusesToStartWithoutAWebhookSecretAndSaysWhichSettingIsMissing() {
        // Command-line arguments win over the environment, so a WEBHOOK_SECRET set where the build runs changes
        // nothing. The broker is never reached: binding the properties fails first.
        assertThatThrownBy(() -> new SpringApplicationBuilder(WebhookGatewayApplication.class)
                        .run(with(
                                KAFKA_LOGIN,
                                "--gateway.webhook-secrets= ",
                                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("WEBHOOK_SECRET")
                .hasStackTraceContaining("gateway.webhook-secrets");
    }

    @Test
    void refusesToStartWithoutABrokerInsteadOfWaitingForLocalhost() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(WebhookGatewayApplication.class)
                        .run(with(
                                KAFKA_LOGIN,
                                "--gateway.webhook-secrets=a-secret",
                                "--spring.kafka.bootstrap-servers= ",
                                "--server.port=0"))
                        .close())
                .hasStackTraceContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                .hasStackTraceContaining("spring.kafka.bootstrap-servers");
    }

    @Test
    void refusesToStartWithoutItsKafkaLoginAndSaysWhichVariablesAreMissing() {
        // Without the process environment: a KAFKA_USERNAME set where the build runs must not satisfy the app.
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

        assertThatThrownBy(() -> new SpringApplicationBuilder(WebhookGatewayApplication.class)
                        .environment(environment)
                        .run(
                                "--gateway.webhook-secrets=a-secret",
                                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                                "--server.port=0")
                        .close())
                .hasStackTraceContaining("No Kafka login: KAFKA_USERNAME and KAFKA_PASSWORD are not set");
    }

    private static String[] with(String[] first, String... rest) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(rest)).toArray(String[]::new);
    }
}

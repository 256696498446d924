package io.payrecon.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The whole app, started as in production, refuses to start without its secret or its broker. */
class GatewayStartupTest {

    @Test
    void refusesToStartWithoutAWebhookSecretAndSaysWhichSettingIsMissing() {
        // Command-line arguments win over the environment, so a WEBHOOK_SECRET set where the build runs changes
        // nothing. The broker is never reached: binding the properties fails first.
        assertThatThrownBy(() -> new SpringApplicationBuilder(WebhookGatewayApplication.class)
                        .run(
                                "--gateway.webhook-secrets= ",
                                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                                "--server.port=0")
                        .close())
                .hasStackTraceContaining("WEBHOOK_SECRET")
                .hasStackTraceContaining("gateway.webhook-secrets");
    }

    @Test
    void refusesToStartWithoutABrokerInsteadOfWaitingForLocalhost() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(WebhookGatewayApplication.class)
                        .run(
                                "--gateway.webhook-secrets=a-secret",
                                "--spring.kafka.bootstrap-servers= ",
                                "--server.port=0")
                        .close())
                .hasStackTraceContaining("SPRING_KAFKA_BOOTSTRAP_SERVERS")
                .hasStackTraceContaining("spring.kafka.bootstrap-servers");
    }
}

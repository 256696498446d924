package io.payrecon.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class GatewayPropertiesTest {

    @EnableConfigurationProperties(GatewayProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    private static String messages(Throwable failure) {
        return Stream.iterate(failure, cause -> cause != null, Throwable::getCause)
                .map(Throwable::getMessage)
                .reduce("", (all, message) -> all + "\n" + message);
    }

    @Test
    void refusesToStartWithoutAWebhookSecretNamingTheSetting() {
        runner.withPropertyValues("gateway.webhook-secrets=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("WEBHOOK_SECRET")
                    .contains("gateway.webhook-secrets");
        });
        runner.withPropertyValues("gateway.webhook-secrets= , ")
                .run(context -> assertThat(context).hasFailed());
        runner.run(context -> assertThat(context).hasFailed());
    }

    @Test
    void bindsSeveralSecretsWithDefaultsForTheRest() {
        runner.withPropertyValues("gateway.webhook-secrets=first-secret, second-secret,,first-secret")
                .run(context -> {
                    GatewayProperties properties = context.getBean(GatewayProperties.class);
                    assertThat(properties.webhookSecrets()).containsExactly("first-secret", "second-secret");
                    assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(properties.ackTimeout()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void ackTimeoutMustStayBelowTheProvidersAttemptTimeout() {
        runner.withPropertyValues("gateway.webhook-secrets=s", "gateway.ack-timeout=5s")
                .run(context ->
                        assertThat(messages(context.getStartupFailure())).contains("gateway.ack-timeout"));
    }

    @Test
    void bodyLimitMustLetTheEventFitInOneKafkaRecord() {
        runner.withPropertyValues("gateway.webhook-secrets=s", "gateway.max-body-size=1MB")
                .run(context ->
                        assertThat(messages(context.getStartupFailure())).contains("gateway.max-body-size"));
        runner.withPropertyValues("gateway.webhook-secrets=s", "gateway.max-body-size=512KB")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theBodyDeadlineAndTheBrokersAckMustFitTheProvidersAttemptTimeout() {
        runner.withPropertyValues("gateway.webhook-secrets=s", "gateway.body-deadline=4s", "gateway.ack-timeout=2s")
                .run(context ->
                        assertThat(messages(context.getStartupFailure())).contains("gateway.body-deadline"));
        runner.withPropertyValues("gateway.webhook-secrets=s", "gateway.body-deadline=3s", "gateway.ack-timeout=2s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void printingTheSettingsNeverShowsASecret() {
        GatewayProperties properties = new GatewayProperties(
                List.of("first-secret", "second-secret"),
                DataSize.ofKilobytes(64),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2));

        assertThat(properties.toString())
                .doesNotContain("first-secret")
                .doesNotContain("second-secret")
                .contains("2 configured");
    }
}

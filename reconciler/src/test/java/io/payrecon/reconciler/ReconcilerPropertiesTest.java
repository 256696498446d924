package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ReconcilerPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues(
                    "reconciler.api-keys=${API_KEY:}",
                    "reconciler.admin-keys=${ADMIN_KEY:}",
                    "reconciler.webhook-secrets=${WEBHOOK_SECRET:a-webhook-secret}");

    @Test
    void refusesToStartWithoutAnApiKeyAndNamesTheVariableToSet() {
        context.withPropertyValues("ADMIN_KEY=admin")
                .run(started ->
                        assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("API_KEY"));
    }

    @Test
    void refusesToStartWithoutAnAdminKeyAndNamesTheVariableToSet() {
        context.withPropertyValues("API_KEY=key")
                .run(started ->
                        assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("ADMIN_KEY"));
    }

    @Test
    void blankKeysInAListAreNoKeys() {
        context.withPropertyValues("API_KEY= , ", "ADMIN_KEY=admin")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void readsCommaSeparatedKeysForRotation() {
        context.withPropertyValues("API_KEY=old,new", "ADMIN_KEY=admin")
                .run(started -> assertThat(
                                started.getBean(ReconcilerProperties.class).apiKeys())
                        .containsExactly("old", "new"));
    }

    @Test
    void pollsOnTheDocumentedLadderByDefault() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=admin").run(started -> {
            ReconcilerProperties properties = started.getBean(ReconcilerProperties.class);
            assertThat(properties.parkedAlertAge()).hasHours(1);
            assertThat(properties.polling().enabled()).isTrue();
            assertThat(properties.polling().ladder())
                    .containsExactly(
                            Duration.ofMinutes(1),
                            Duration.ofMinutes(2),
                            Duration.ofMinutes(5),
                            Duration.ofMinutes(10));
            assertThat(properties.polling().thenEvery()).hasHours(1);
            assertThat(properties.polling().slowEvery()).hasDays(1);
            assertThat(properties.polling().grace()).hasDays(1);
            assertThat(properties.polling().rate()).isEqualTo(5.0);
        });
    }

    @Test
    void ladderInSecondsIsAcceptedForTests() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=admin", "reconciler.polling.ladder=1s,2s")
                .run(started -> assertThat(started.getBean(ReconcilerProperties.class)
                                .polling()
                                .ladder())
                        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void refusesALadderThatDoesNotGoUp() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=admin", "reconciler.polling.ladder=5m,1m")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("reconciler.polling.ladder"));
    }

    @Test
    void noStaticMembershipAndNoChaosByDefault() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=admin", "reconciler.instance-id= ")
                .run(started -> {
                    ReconcilerProperties properties = started.getBean(ReconcilerProperties.class);
                    assertThat(properties.instanceId()).isNull();
                    assertThat(properties.chaos().haltAfterBatchCommits()).isZero();
                });
    }

    @Test
    void instanceIdAndChaosHookBindFromTheirEnvironmentVariables() {
        context.withPropertyValues(
                        // as application.yml maps them
                        "reconciler.instance-id=${RECONCILER_INSTANCE_ID:}",
                        "reconciler.chaos.halt-after-batch-commits=${RECONCILER_CHAOS_HALT_AFTER_BATCH_COMMITS:0}",
                        "API_KEY=key",
                        "ADMIN_KEY=admin",
                        "RECONCILER_INSTANCE_ID=reconciler-2",
                        "RECONCILER_CHAOS_HALT_AFTER_BATCH_COMMITS=5")
                .run(started -> {
                    ReconcilerProperties properties = started.getBean(ReconcilerProperties.class);
                    assertThat(properties.instanceId()).isEqualTo("reconciler-2");
                    assertThat(properties.chaos().haltAfterBatchCommits()).isEqualTo(5);
                });
    }

    @Test
    void refusesAnInstanceIdKafkaWouldNotAccept() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=admin", "reconciler.instance-id=host 1/a")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("RECONCILER_INSTANCE_ID"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReconcilerProperties.class)
    static class Settings {}
}

package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ReconcilerPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues("reconciler.api-keys=${API_KEY:}", "reconciler.admin-keys=${ADMIN_KEY:}");

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

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReconcilerProperties.class)
    static class Settings {}
}

package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.requestclient.RequestNetworkClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PollingConfigurationTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(PollingConfiguration.class);

    @Test
    void refusesToStartWithoutAProviderCredentialAndNamesTheVariableToSet() {
        context.run(started ->
                assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("REQUEST_API_KEY"));
    }

    @Test
    void buildsTheProviderClientFromTheRequestProperties() {
        context.withPropertyValues("request.api-key=key", "request.base-url=http://localhost:8090")
                .run(started -> assertThat(started).hasSingleBean(RequestNetworkClient.class));
    }

    @Test
    void needsNoCredentialWhenPollingIsOff() {
        context.withPropertyValues("reconciler.polling.enabled=false")
                .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(RequestNetworkClient.class));
    }
}

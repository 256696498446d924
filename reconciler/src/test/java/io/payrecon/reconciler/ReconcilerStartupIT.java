package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;

/**
 * The whole app, started as in production, refuses to start without each of its secrets. Command-line arguments win
 * over the environment, so API_KEY, ADMIN_OPERATORS or ADMIN_KEY set where the build runs change nothing.
 */
class ReconcilerStartupIT {

    /** An operator, so that only the setting under test is missing (the hash of "k"). */
    private static final String OPERATOR =
            "alice:operator:8254c329a92850f6d539dd376f4816ee2764517da5e0235514af433164480d7a";

    private static void assertRefusesToStart(String missing, String property, String... arguments) {
        // devstack's settings as command-line arguments too (a setting given twice would be joined, so none is): they
        // win over application.yml (its Kafka login from KAFKA_USERNAME/PASSWORD), so the setting a test leaves out is
        // the only one missing.
        List<String> all = new ArrayList<>();
        DevStack.shared().springProperties(Principal.RECONCILER).forEach((name, value) -> {
            if (Arrays.stream(arguments).noneMatch(argument -> argument.startsWith("--" + name + "="))) {
                all.add("--" + name + "=" + value);
            }
        });
        all.addAll(List.of(arguments));
        assertThatThrownBy(() -> new SpringApplicationBuilder(ReconcilerApplication.class)
                        .run(all.toArray(String[]::new))
                        .close())
                .hasStackTraceContaining(missing)
                .hasStackTraceContaining(property);
    }

    @Test
    void refusesToStartWithoutAnApiKeyAndSaysWhichSettingIsMissing() {
        assertRefusesToStart(
                "API_KEY",
                "reconciler.api-keys",
                "--reconciler.api-keys= ",
                "--reconciler.admin-operators=" + OPERATOR,
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--request.api-key=sk_test_provider",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithoutAnOperatorAndSaysWhichSettingIsMissing() {
        assertRefusesToStart(
                "ADMIN_OPERATORS",
                "reconciler.admin-operators",
                "--reconciler.api-keys=an-api-key",
                "--reconciler.admin-operators= ",
                "--ADMIN_KEY=",
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--request.api-key=sk_test_provider",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithoutTheWebhookSecretsItChecksSignaturesWith() {
        assertRefusesToStart(
                "WEBHOOK_SECRET",
                "reconciler.webhook-secrets",
                "--reconciler.api-keys=an-api-key",
                "--reconciler.admin-operators=" + OPERATOR,
                "--reconciler.webhook-secrets= ",
                "--request.api-key=sk_test_provider",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithOnlyTheRetiredSharedAdminKeyAndSaysHowToMigrate() {
        assertRefusesToStart(
                "ADMIN_KEY is set, but the admin API no longer takes a shared key",
                "ADMIN_OPERATORS as name:role:sha256",
                "--reconciler.api-keys=an-api-key",
                "--reconciler.admin-operators= ",
                "--ADMIN_KEY=the-old-shared-key",
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--request.api-key=sk_test_provider",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithoutAProviderCredentialWhilePollingIsEnabled() {
        assertRefusesToStart(
                "REQUEST_API_KEY",
                "REQUEST_CLIENT_ID",
                "--reconciler.api-keys=an-api-key",
                "--reconciler.admin-operators=" + OPERATOR,
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--reconciler.polling.enabled=true",
                "--request.api-key=",
                "--request.client-id=",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithoutABrokerInsteadOfWaitingForLocalhost() {
        assertRefusesToStart(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                "spring.kafka.bootstrap-servers",
                "--reconciler.api-keys=an-api-key",
                "--reconciler.admin-operators=" + OPERATOR,
                "--reconciler.webhook-secrets=a-webhook-secret",
                "--request.api-key=sk_test_provider",
                "--spring.kafka.bootstrap-servers= ",
                "--server.port=0");
    }

    @Test
    void refusesToStartWithoutItsKafkaLoginAndSaysWhichVariablesAreMissing() {
        Map<String, Object> properties = new HashMap<>(DevStack.shared().springProperties(Principal.RECONCILER));
        properties.remove(
                "spring.kafka.properties.sasl.jaas.config"); // application.yml's, from KAFKA_USERNAME/PASSWORD
        // Without the process environment: a KAFKA_USERNAME set where the build runs must not satisfy the app.
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

        assertThatThrownBy(() -> new SpringApplicationBuilder(ReconcilerApplication.class)
                        .environment(environment)
                        .properties(properties)
                        .run(
                                "--reconciler.api-keys=an-api-key",
                                "--reconciler.admin-operators=" + OPERATOR,
                                "--reconciler.webhook-secrets=a-webhook-secret",
                                "--request.api-key=sk_test_provider",
                                "--server.port=0")
                        .close())
                .hasStackTraceContaining("No Kafka login: KAFKA_USERNAME and KAFKA_PASSWORD are not set");
    }
}

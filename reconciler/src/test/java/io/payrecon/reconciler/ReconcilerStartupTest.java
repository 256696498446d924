package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.devstack.DevStack;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The whole app, started as in production, refuses to start without each of its secrets. Command-line arguments win
 * over the environment, so API_KEY, ADMIN_OPERATORS or ADMIN_KEY set where the build runs change nothing.
 */
class ReconcilerStartupTest {

    /** An operator, so that only the setting under test is missing (the hash of "k"). */
    private static final String OPERATOR =
            "alice:operator:8254c329a92850f6d539dd376f4816ee2764517da5e0235514af433164480d7a";

    private static void assertRefusesToStart(String missing, String property, String... arguments) {
        Map<String, Object> properties = new HashMap<>(DevStack.shared().springProperties());
        assertThatThrownBy(() -> new SpringApplicationBuilder(ReconcilerApplication.class)
                        .properties(properties)
                        .run(arguments)
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
}

package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ReconcilerPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues(
                    // as application.yml maps them
                    "reconciler.api-keys=${API_KEY:}",
                    "reconciler.admin-operators=${ADMIN_OPERATORS:}",
                    "reconciler.retired-admin-key=${ADMIN_KEY:}",
                    "reconciler.webhook-secrets=${WEBHOOK_SECRET:a-webhook-secret}",
                    "reconciler.parked.foreign-after=${RECONCILER_PARKED_FOREIGN_AFTER:24h}");

    private static final String ALICE = "alice:operator:" + sha256("alice's key");
    private static final String BOB = "bob:read-only:" + sha256("bob's key");

    @Test
    void refusesToStartWithoutAnApiKeyAndNamesTheVariableToSet() {
        context.withPropertyValues("ADMIN_OPERATORS=" + ALICE)
                .run(started ->
                        assertThat(started).hasFailed().getFailure().rootCause().hasMessageContaining("API_KEY"));
    }

    @Test
    void refusesToStartWithoutAnOperatorAndNamesTheVariableToSet() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS= , ")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ADMIN_OPERATORS")
                        .hasMessageContaining("name:role:sha256"));
    }

    @Test
    void refusesTheRetiredSharedAdminKeyAloneAndSaysHowToMigrate() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=the-old-shared-key", "ADMIN_OPERATORS=")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ADMIN_KEY is set, but the admin API no longer takes a shared key")
                        .hasMessageContaining("ADMIN_OPERATORS")
                        .hasMessageContaining("openssl rand -hex 32")
                        .hasMessageContaining("sha256sum")
                        .hasMessageNotContaining("the-old-shared-key"));
    }

    @Test
    void startsWithTheRetiredAdminKeyBesideOperatorsAndUsesOnlyTheOperators() {
        context.withPropertyValues("API_KEY=key", "ADMIN_KEY=the-old-shared-key", "ADMIN_OPERATORS=" + ALICE)
                .run(started -> assertThat(
                                started.getBean(ReconcilerProperties.class).operators())
                        .extracting(ReconcilerProperties.Operator::name)
                        .containsExactly("alice"));
    }

    @Test
    void readsEachOperatorsNameRoleAndKeyHash() {
        context.withPropertyValues(
                        "API_KEY=key",
                        "ADMIN_OPERATORS=" + ALICE + ", "
                                + BOB.toUpperCase().replace("BOB:READ-ONLY:", "bob:read-only:"))
                .run(started -> assertThat(
                                started.getBean(ReconcilerProperties.class).operators())
                        .containsExactly(
                                new ReconcilerProperties.Operator(
                                        "alice", ReconcilerProperties.Role.OPERATOR, sha256("alice's key")),
                                new ReconcilerProperties.Operator(
                                        "bob", ReconcilerProperties.Role.READ_ONLY, sha256("bob's key"))));
    }

    @Test
    void refusesAMalformedEntryNamingItsPositionButNeverItsKeyPart() {
        assertRefused("ADMIN_OPERATORS=" + ALICE + ",bob:read-only", "entry 2 has 2 part(s)");
        assertRefused(
                "ADMIN_OPERATORS=bob:operator:my-secret-key", "entry 1 (bob): the third part must be the SHA-256");
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=bob:operator:my-secret-key")
                .run(started -> assertThat(started).getFailure().rootCause().hasMessageNotContaining("my-secret-key"));
        assertRefused("ADMIN_OPERATORS=bob smith:operator:" + sha256("k"), "entry 1: the name must be");
    }

    @Test
    void refusesAnUnknownRole() {
        assertRefused(
                "ADMIN_OPERATORS=alice:admin:" + sha256("k"),
                "entry 1 (alice): unknown role 'admin'; the roles are read-only and operator");
    }

    @Test
    void refusesOneOperatorWithTwoRolesAndOneKeyForTwoEntries() {
        assertRefused(
                "ADMIN_OPERATORS=" + ALICE + ",alice:read-only:" + sha256("another key"),
                "alice is listed as operator and as read-only");
        assertRefused(
                "ADMIN_OPERATORS=" + ALICE + ",mallory:operator:" + sha256("alice's key"),
                "entries 1 and 2 (mallory) have the same key");
        assertRefused("ADMIN_OPERATORS=" + ALICE + "," + ALICE, "have the same key");
    }

    @Test
    void letsAnOperatorHaveTwoKeysWhileTheKeyIsRotatedButNotThree() {
        String rotated = "ADMIN_OPERATORS=" + ALICE + ",alice:operator:" + sha256("alice's new key");
        context.withPropertyValues("API_KEY=key", rotated)
                .run(started -> assertThat(
                                started.getBean(ReconcilerProperties.class).operators())
                        .extracting(ReconcilerProperties.Operator::name)
                        .containsExactly("alice", "alice"));
        assertRefused(rotated + ",alice:operator:" + sha256("a third key"), "alice is listed three times");
    }

    @Test
    void readsCommaSeparatedKeysForRotation() {
        context.withPropertyValues("API_KEY=old,new", "ADMIN_OPERATORS=" + ALICE)
                .run(started -> assertThat(
                                started.getBean(ReconcilerProperties.class).apiKeys())
                        .containsExactly("old", "new"));
    }

    @Test
    void parkedWebhooksAreTakenForForeignAfterADayByDefaultOrAsConfigured() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE).run(started -> {
            ReconcilerProperties properties = started.getBean(ReconcilerProperties.class);
            assertThat(properties.parked().foreignAfter()).hasHours(24);
            assertThat(properties.parked().foreignCheckEvery()).hasMinutes(1);
        });
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "RECONCILER_PARKED_FOREIGN_AFTER=3h")
                .run(started -> assertThat(started.getBean(ReconcilerProperties.class)
                                .parked()
                                .foreignAfter())
                        .hasHours(3));
    }

    @Test
    void refusesToTakeParkedWebhooksForForeignBeforeTheyTripTheStaleParkingAlert() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "RECONCILER_PARKED_FOREIGN_AFTER=30m")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("RECONCILER_PARKED_FOREIGN_AFTER")
                        .hasMessageContaining("must be longer than reconciler.parked-alert-age"));
    }

    @Test
    void jobsRunTwoAtATimeInPagesOf500AndAreInterruptedAfter30sWithoutHeartbeatByDefault() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE).run(started -> {
            ReconcilerProperties.Jobs jobs =
                    started.getBean(ReconcilerProperties.class).jobs();
            assertThat(jobs.workers()).isEqualTo(2);
            assertThat(jobs.pageSize()).isEqualTo(500);
            assertThat(jobs.staleAfter()).hasSeconds(30);
            assertThat(jobs.heartbeatInterval()).hasSeconds(5);
            assertThat(jobs.pagePause()).isZero();
            assertThat(jobs.dryRunMaxRecords()).isEqualTo(50_000);
        });
    }

    @Test
    void refusesAReplayDryRunLimitBelowOneRecord() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.jobs.dry-run-max-records=0")
                .run(started -> assertThat(started).hasFailed());
        context.withPropertyValues(
                        "API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.jobs.dry-run-max-records=1000")
                .run(started -> assertThat(started.getBean(ReconcilerProperties.class)
                                .jobs()
                                .dryRunMaxRecords())
                        .isEqualTo(1000));
    }

    @Test
    void refusesAJobHeartbeatThatWouldBeStaleBeforeItIsWrittenAgain() {
        context.withPropertyValues(
                        "API_KEY=key",
                        "ADMIN_OPERATORS=" + ALICE,
                        "reconciler.jobs.heartbeat-interval=30s",
                        "reconciler.jobs.stale-after=10s")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("reconciler.jobs.stale-after")
                        .hasMessageContaining("must be longer than reconciler.jobs.heartbeat-interval"));
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.jobs.workers=0")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void pollsOnTheDocumentedLadderByDefault() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE).run(started -> {
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
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.polling.ladder=1s,2s")
                .run(started -> assertThat(started.getBean(ReconcilerProperties.class)
                                .polling()
                                .ladder())
                        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @Test
    void refusesALadderThatDoesNotGoUp() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.polling.ladder=5m,1m")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("reconciler.polling.ladder"));
    }

    @Test
    void noStaticMembershipAndNoChaosByDefault() {
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.instance-id= ")
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
                        "ADMIN_OPERATORS=" + ALICE,
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
        context.withPropertyValues("API_KEY=key", "ADMIN_OPERATORS=" + ALICE, "reconciler.instance-id=host 1/a")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("RECONCILER_INSTANCE_ID"));
    }

    private void assertRefused(String operators, String problem) {
        context.withPropertyValues("API_KEY=key", operators)
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ADMIN_OPERATORS")
                        .hasMessageContaining(problem));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReconcilerProperties.class)
    static class Settings {}
}

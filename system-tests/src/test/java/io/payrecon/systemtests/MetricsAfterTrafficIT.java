package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * After one paid order went through the whole system, each app's {@code /actuator/prometheus} shows the figures an
 * on-call engineer watches (docs/operations.md, "Alerts and what to do"), each with a plausible value, and each
 * app's readiness is what it needs to serve.
 */
class MetricsAfterTrafficIT {

    private static LocalSystem system;
    private static Merchant merchant;

    @BeforeAll
    static void startTheSystemAndPayAnOrder() {
        system = TestSystems.start();
        merchant = new Merchant(system);

        String orderId = "metrics-" + UUID.randomUUID();
        var created = merchant.createLink(orderId, "12.50");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_PAYMENT".equals(merchant.orderStatus(orderId)));
        var settled = merchant.payInFull(token);
        assertThat(settled.status()).as(settled.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(merchant.orderStatus(orderId)));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void gatewayCountsTheAcceptedWebhook() {
        assertThat(value(App.WEBHOOK_GATEWAY, "webhooks_received_total", "outcome=\"accepted\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void reconcilerTimesTheWebhookToItsStatusEvent() {
        // recorded when the batch commits, which is before the order reads PAID
        assertThat(value(App.RECONCILER, "reconciler_webhook_to_status_seconds_count"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(App.RECONCILER, "reconciler_webhook_to_status_seconds_sum"))
                .isPositive()
                .isLessThan(60);
    }

    @Test
    void reconcilerShowsDeadLettersParkedWebhooksAndPollingBacklog() {
        // counted every 10 s; no dead letter and nothing parked in this run, the polls of the paid order are over
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(value(App.RECONCILER, "reconciler_dead_letters_pending")).isZero();
            assertThat(value(App.RECONCILER, "reconciler_parked")).isZero();
            assertThat(value(App.RECONCILER, "reconciler_polling_backlog")).isGreaterThanOrEqualTo(0);
        });
        assertThat(value(App.RECONCILER, "reconciler_parked_stale")).isZero();
    }

    @Test
    void outboxesShowBacklogAndLag() {
        for (App app : List.of(App.LINK_SERVICE, App.RECONCILER)) {
            assertThat(value(app, "outbox_backlog_records")).as(app.module()).isGreaterThanOrEqualTo(0);
            assertThat(scrape(app)).as(app.module()).contains("outbox_lag_seconds");
        }
    }

    @Test
    void consumersShowTheirLag() {
        for (App app : List.of(App.RECONCILER, App.LINK_SERVICE)) {
            assertThat(scrape(app)).as(app.module()).contains("kafka_consumer_fetch_manager_records_lag_max");
        }
    }

    @Test
    void linkServiceCountsProviderRequestsByStatus() {
        assertThat(value(
                        App.LINK_SERVICE,
                        "http_client_requests_seconds_count",
                        "uri=\"/v2/secure-payments\"",
                        "status=\"201\"",
                        "outcome=\"SUCCESS\""))
                .isGreaterThanOrEqualTo(1);
    }

    /**
     * Readiness is what each app needs to serve (docs/operations.md, "Health"): the gateway the broker, link-service and
     * the reconciler their database but not the broker, which is in every app's health instead.
     */
    @Test
    void readinessOfEveryAppIsWhatItNeedsToServeAndItsHealthShowsTheBroker() {
        for (App app : List.of(App.LINK_SERVICE, App.RECONCILER, App.WEBHOOK_GATEWAY)) {
            var readiness = SystemHttp.get(system.app(app).url() + "/actuator/health/readiness", Map.of());
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
            JsonNode components = readiness.json().get("components");
            List<String> expected = app == App.WEBHOOK_GATEWAY ? List.of("broker") : List.of("db");
            List<String> absent = app == App.WEBHOOK_GATEWAY ? List.of("db") : List.of("broker");
            for (String component : absent) {
                assertThat(components.has(component))
                        .as(app.module() + ": " + readiness.body())
                        .isFalse();
            }
            var health = SystemHttp.get(system.app(app).url() + "/actuator/health", Map.of());
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.json()
                            .get("components")
                            .get("broker")
                            .get("status")
                            .asString())
                    .as(app.module() + ": " + health.body())
                    .isEqualTo("UP");
            for (String component : expected) {
                assertThat(components.get(component))
                        .as(app.module() + ": " + readiness.body())
                        .isNotNull();
                assertThat(components.get(component).get("status").asString())
                        .as(readiness.body())
                        .isEqualTo("UP");
            }
        }
    }

    private static String scrape(App app) {
        return Metrics.of(system, app).text();
    }

    private static double value(App app, String name, String... labels) {
        return Metrics.of(system, app).value(name, labels);
    }
}

package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.OrderStatusEvent;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookEvent;
import io.payrecon.events.WebhookReceived;
import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemEndpoints;
import io.payrecon.launcher.SystemHttp;
import io.payrecon.launcher.ledger.Quiescence;
import io.payrecon.requestclient.WebhookSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One order's payment through the whole system, each app its own process, against the real broker, database
 * and the sandbox over HTTP: link creation, settlement, the webhook, reconciliation, and the status event a
 * downstream order system reads.
 */
class PaymentEndToEndIT {

    private static LocalSystem system;
    private static Merchant merchant;
    private static TopicReader topics;
    private static Quiescence quiescence;

    @BeforeAll
    static void startTheSystem() {
        system = TestSystems.start();
        merchant = new Merchant(system);
        topics = new TopicReader(system.infrastructure().adminClientProperties());
        quiescence = new Quiescence(SystemEndpoints.of(system));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /**
     * The build's training run (launcher's AotTraining) left a cache per app, and the apps started from it: each
     * process runs the extracted jar with {@code -XX:AOTCache}, and its JVM reported no problem with the cache (a
     * stale or unreadable one is named in {@code [aot]} lines at the top of the app's output, and then unused).
     */
    @Test
    void everyAppStartedFromTheAheadOfTimeCacheTheBuildTrainedForIt() throws java.io.IOException {
        for (App app : App.values()) {
            var process = system.app(app);
            String cache = "-XX:AOTCache="
                    + Path.of("..", app.module(), "target", "aot", app.module() + ".aot")
                            .toAbsolutePath()
                            .normalize();
            List<String> arguments = List.of(ProcessHandle.of(process.pid())
                    .orElseThrow()
                    .info()
                    .arguments()
                    .orElseThrow());
            assertThat(arguments).as(app.module()).contains(cache);
            assertThat(Files.readAllLines(process.logFile()))
                    .as(app.module() + "'s output")
                    .noneMatch(line -> line.contains("][aot]"));
        }
    }

    @Test
    void paidOrderIsPublishedOnceAndARedeliveredWebhookChangesNothing() {
        String orderId = "e2e-" + UUID.randomUUID();

        var created = merchant.createLink(orderId, "25.00");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("token").asString();
        assertThat(created.json().get("securePaymentUrl").asString()).contains(token);
        await().atMost(Duration.ofSeconds(30)).until(() -> "AWAITING_PAYMENT".equals(merchant.orderStatus(orderId)));

        var settled = merchant.payInFull(token);
        assertThat(settled.status()).as(settled.body()).isBetween(200, 299);

        await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(merchant.orderStatus(orderId)));
        // The status event follows the change through the outbox, a moment after the API shows it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !statusEvents(orderId).isEmpty());
        JsonNode paidOrder = merchant.order(orderId).json();
        assertThat(new java.math.BigDecimal(paidOrder.get("paidAmount").asString()))
                .isEqualByComparingTo("25.00");
        assertThat(statusEvents(orderId)).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(PaymentStatus.PAID);
            assertThat(event.sequence()).isEqualTo(1);
            assertThat(event.paidAmount()).isEqualByComparingTo("25.00");
        });

        WebhookReceived delivered = confirmedDeliveryFor(paidOrder);
        var redelivered = redeliver(delivered);
        assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.consumersCaughtUp(Topics.WEBHOOKS));
        await().atMost(Duration.ofSeconds(30)).until(() -> quiescence.look().quiet());

        assertThat(merchant.order(orderId).json()).isEqualTo(paidOrder);
        assertThat(statusEvents(orderId)).hasSize(1);
        // what the run wrote, link events to status events, is what the published contract says
        assertThat(EventContract.assertEveryEventConforms(
                        system.infrastructure().adminClientProperties()))
                .as("events checked per topic")
                .hasEntrySatisfying(
                        Topics.LINK_EVENTS, events -> assertThat(events).isPositive())
                .hasEntrySatisfying(
                        Topics.WEBHOOKS, events -> assertThat(events).isPositive())
                .hasEntrySatisfying(
                        Topics.ORDER_PAYMENT_STATUS,
                        events -> assertThat(events).isPositive());
    }

    private static List<OrderPaymentStatusChanged> statusEvents(String orderId) {
        return topics.readAll(Topics.ORDER_PAYMENT_STATUS).stream()
                .filter(record -> orderId.equals(record.key()))
                .map(record -> (OrderPaymentStatusChanged) EventCodec.read(record.value(), OrderStatusEvent.class))
                .toList();
    }

    private static WebhookReceived confirmedDeliveryFor(JsonNode order) {
        List<String> requestIds =
                order.get("requestIds").valueStream().map(JsonNode::asString).toList();
        return topics.readAll(Topics.WEBHOOKS).stream()
                .map(record -> (WebhookReceived) EventCodec.read(record.value(), WebhookEvent.class))
                .filter(webhook -> "payment.confirmed".equals(webhook.event()))
                .filter(webhook -> requestIds.contains(webhook.requestId()))
                .findFirst()
                .orElseThrow();
    }

    /** The provider retrying the same delivery: same bytes, same delivery id, signed with the same secret. */
    private static SystemHttp.Response redeliver(WebhookReceived delivered) {
        byte[] body = delivered.body();
        return SystemHttp.post(
                system.app(App.WEBHOOK_GATEWAY).url() + "/webhooks/request-network",
                Map.of(
                        "x-request-network-signature",
                                WebhookSignature.sign(system.credentials().webhookSecret(), body),
                        "x-request-network-delivery", delivered.deliveryId(),
                        "x-request-network-retry-count", "1"),
                body);
    }
}

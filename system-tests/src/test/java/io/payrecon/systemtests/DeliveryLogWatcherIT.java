package io.payrecon.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.launcher.App;
import io.payrecon.launcher.LocalSystem;
import io.payrecon.launcher.SystemHttp;
import io.payrecon.launcher.traffic.DeliveryLogWatcher;
import io.payrecon.launcher.traffic.SandboxDelivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The traffic driver's view of the sandbox's delivery log, against the sandbox and the gateway as they run: every
 * delivery is seen in its final state however many there are (the log once kept only the last 2,000, and a chaos run
 * at 8 orders/s could not judge 26 of them), each poll reads only what is new or may still change, and a delivery the
 * sandbox forgets while it is under way is reported as lost track of, not guessed.
 */
class DeliveryLogWatcherIT {

    private static LocalSystem system;

    @BeforeAll
    static void startTheSandboxAndTheGateway() {
        system = TestSystems.startOnly(List.of(App.REQUEST_SANDBOX, App.WEBHOOK_GATEWAY));
    }

    @AfterAll
    static void stopThem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void seesEveryDeliveryAndRereadsOnlyWhatIsNewOrUnderWay() {
        DeliveryLogWatcher watcher = new DeliveryLogWatcher(sandbox(), System.out);
        watcher.poll();
        int before = watcher.snapshot().size();

        sendTestDeliveries(2_100);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            watcher.poll();
            assertThat(watcher.unsettled()).isZero();
            assertThat(watcher.snapshot()).hasSize(before + 2_100);
        });
        assertThat(watcher.snapshot().values()).allMatch(SandboxDelivery::acceptedByGateway);
        assertThat(watcher.lostTrack()).isEmpty();

        // Once everything is settled and older than the margin, a poll reads nothing old again ...
        await().pollDelay(DeliveryLogWatcher.MARGIN.plusSeconds(1))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    watcher.poll();
                    assertThat(watcher.readLastPoll()).isZero();
                });
        // ... and the next one reads only the new deliveries.
        sendTestDeliveries(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            watcher.poll();
            assertThat(watcher.snapshot()).hasSize(before + 2_103);
            assertThat(watcher.unsettled()).isZero();
        });
        assertThat(watcher.readLastPoll()).isEqualTo(3);
    }

    @Test
    void aDeliveryTheSandboxForgetsWhileUnderWayIsLostTrackOf() {
        DeliveryLogWatcher watcher = new DeliveryLogWatcher(sandbox(), System.out);
        // The reorder fault holds deliveries until 5 are waiting: this one stays held.
        assertThat(SystemHttp.postJson(
                                sandbox() + "/sandbox/faults", Map.of(), Map.of("delivery", Map.of("reorder", 5)))
                        .status())
                .isEqualTo(200);
        try {
            String held = sendTestDelivery();
            watcher.poll();
            assertThat(watcher.snapshot().get(held).status()).isEqualTo("held");
            assertThat(watcher.unsettled()).isEqualTo(1);

            assertThat(SystemHttp.delete(sandbox() + "/sandbox/deliveries", Map.of())
                            .status())
                    .isEqualTo(204);
            watcher.poll();

            assertThat(watcher.lostTrack()).containsExactly(held);
            assertThat(watcher.unsettled()).as("nothing left to wait for").isZero();
        } finally {
            SystemHttp.delete(sandbox() + "/sandbox/faults", Map.of());
        }
    }

    private static void sendTestDeliveries(int count) {
        try (var senders = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, count).forEach(i -> senders.submit(DeliveryLogWatcherIT::sendTestDelivery));
        }
    }

    private static String sendTestDelivery() {
        SystemHttp.Response response = SystemHttp.postJson(sandbox() + "/sandbox/webhooks/test", Map.of(), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("deliveryId").asString();
    }

    private static String sandbox() {
        return system.url(App.REQUEST_SANDBOX);
    }
}

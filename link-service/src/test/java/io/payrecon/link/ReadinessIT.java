package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ready means able to create links and redirect payers: the database, not the broker. While Kafka is down the outbox
 * keeps each link event, so the instance stays in rotation and {@code /actuator/health} shows the broker DOWN and the
 * events waiting. That they are published once the broker is back is {@code EventDeliveryIT}'s.
 */
class ReadinessIT extends RunningLinkService {

    @Test
    void staysReadyAndCreatesLinksWhileTheBrokerIsDownAndHealthShowsTheBrokerDownAndTheEventsWaiting() {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertReady();

        DevStack.shared().kafka().stop();
        try {
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                HttpResponse<String> health = get("/actuator/health", null);
                assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                JsonNode components = JSON.readTree(health.body()).path("components");
                assertThat(components.path("broker").path("status").asString()).isEqualTo("DOWN");
                assertThat(components
                                .path("broker")
                                .path("details")
                                .path("error")
                                .asString())
                        .as("why, for the operator")
                        .isNotBlank();
                assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
            });
            assertReady();
            assertThat(get("/actuator/health/liveness", null).statusCode())
                    .as("liveness does not depend on the broker")
                    .isEqualTo(200);

            String orderId = newOrderId();
            create(orderId, "4.20");
            assertThat(outboxRecordsOf(orderId))
                    .as("its link event waits in the outbox")
                    .isEqualTo(1);
            JsonNode outbox = JSON.readTree(get("/actuator/health", null).body())
                    .path("components")
                    .path("outbox");
            assertThat(outbox.path("status").asString()).isEqualTo("UP");
            assertThat(outbox.path("details").path("backlog").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(outbox.path("details").path("oldestWaitingSeconds").isNumber())
                    .as(outbox.toString())
                    .isTrue();
            assertReady();
        } finally {
            DevStack.shared().kafka().start();
        }

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            HttpResponse<String> health = get("/actuator/health", null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(JSON.readTree(health.body())
                            .path("components")
                            .path("broker")
                            .path("status")
                            .asString())
                    .isEqualTo("UP");
        });
    }

    /** Ready: the database and the app's own state, and nothing about the broker. */
    private void assertReady() {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(readiness.body()).path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(components.has("broker")).as(readiness.body()).isFalse();
        assertThat(components.path("db").has("details"))
                .as("the probe shows statuses only")
                .isFalse();
    }
}

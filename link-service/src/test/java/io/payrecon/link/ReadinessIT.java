package io.payrecon.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Readiness includes the broker the outbox relay publishes to, as well as the database. */
class ReadinessIT extends RunningLinkService {

    @Test
    void readinessIsDownWhileTheBrokerIsStoppedAndUpWhenItIsBack() {
        assertReady();

        DevStack.shared().kafka().stop();
        try {
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                HttpResponse<String> readiness = get("/actuator/health/readiness", null);
                assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
                JsonNode components = JSON.readTree(readiness.body()).path("components");
                assertThat(components.path("broker").path("status").asString()).isEqualTo("DOWN");
                assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
            });
            assertThat(get("/actuator/health/liveness", null).statusCode())
                    .as("liveness does not depend on the broker")
                    .isEqualTo(200);
        } finally {
            DevStack.shared().kafka().start();
        }

        await().atMost(EVENTUALLY).untilAsserted(this::assertReady);
    }

    private void assertReady() {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(readiness.body()).path("components");
        assertThat(components.path("broker").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
    }
}

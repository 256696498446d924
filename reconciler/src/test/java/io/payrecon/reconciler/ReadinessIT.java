package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.devstack.DevStack;
import io.payrecon.events.Topics;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ready means able to answer HTTP (the orders, the admin API, the console): the database, not the broker. While Kafka
 * is down the listeners only wait, so the instance stays in rotation and {@code /actuator/health} shows the broker
 * DOWN. Runs last (see junit-platform.properties): it takes the shared broker away and brings it back.
 */
@Order(Integer.MAX_VALUE)
class ReadinessIT extends RunningReconciler {

    @Test
    void answersOrdersFromTheDatabaseWhileTheBrokerIsDownAndCatchesUpWhenItIsBack() {
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));
        awaitOrder(orderId);
        assertReady();

        DevStack.shared().kafka().stop();
        try {
            await().atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> health = get("/actuator/health", null);
                assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                JsonNode components = JSON.readTree(health.body()).path("components");
                assertThat(components.path("broker").path("status").asString()).isEqualTo("DOWN");
                assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
                assertThat(components.path("outbox").path("details").has("backlog"))
                        .as(health.body())
                        .isTrue();
            });
            assertReady();
            assertThat(get("/actuator/health/liveness", null).statusCode())
                    .as("liveness does not depend on the broker")
                    .isEqualTo(200);

            assertThat(order(orderId).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
            HttpResponse<String> parked = admin("GET", "/admin/parked", null, VICTOR);
            assertThat(parked.statusCode()).as(parked.body()).isEqualTo(200);
        } finally {
            // Not stack(): it would first wait to create the topics on the stopped broker.
            DevStack.shared().kafka().start();
        }

        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200));
        String afterwards = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(afterwards, newRequestId()));
        assertThat(awaitOrder(afterwards).path("status").asString())
                .as("the listeners consume again")
                .isEqualTo("AWAITING_PAYMENT");
    }

    /** Ready: the database and the app's own state, and nothing about the broker. */
    private void assertReady() {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode components = JSON.readTree(readiness.body()).path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(components.has("broker")).as(readiness.body()).isFalse();
    }
}

package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operators' API: parked webhooks older than an age, dead letters (read here by a read-only operator). */
class AdminIntegrationTest extends RunningReconciler {

    @Test
    void webhooksParkedForLongerThanAnAgeAreListedForOperators() {
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, early);
        awaitOutcome(early.deliveryId(), "PARKED");

        JsonNode stale = admin("/admin/parked?olderThan=0s&limit=1000");
        JsonNode recentOnly = admin("/admin/parked?olderThan=1h");
        JsonNode byDefault = admin("/admin/parked");

        assertThat(stale.get("parked")
                        .valueStream()
                        .map(parked -> parked.get("deliveryId").stringValue()))
                .contains(early.deliveryId());
        JsonNode listed = stale.get("parked")
                .valueStream()
                .filter(parked -> parked.get("deliveryId").stringValue().equals(early.deliveryId()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.get("requestId").stringValue()).isEqualTo(requestId);
        assertThat(listed.get("event").stringValue()).isEqualTo("payment.confirmed");
        assertThat(listed.get("parkedAt").stringValue()).isNotBlank();
        assertThat(stale.get("total").longValue()).isPositive();
        assertThat(recentOnly
                        .get("parked")
                        .valueStream()
                        .map(parked -> parked.get("deliveryId").stringValue()))
                .doesNotContain(early.deliveryId());
        assertThat(byDefault.get("olderThan").stringValue()).isEqualTo("PT1H");
        assertThat(get("/admin/parked?olderThan=soon", "X-Admin-Key", VICTOR.key())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void deadLettersAreListedForOperatorsWithTheirReason() {
        String key = "poison-" + newOrderId();
        sendRaw(Topics.LINK_EVENTS, key, "not an event".getBytes(StandardCharsets.UTF_8));

        JsonNode listed = await().atMost(PATIENCE)
                .until(
                        () -> admin("/admin/dead-letters?limit=1000")
                                .valueStream()
                                .filter(dead -> key.equals(dead.get("key").stringValue()))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(listed.get("topic").stringValue()).isEqualTo(Topics.LINK_EVENTS);
        assertThat(listed.get("reason").stringValue()).contains("Not a valid LinkEvent");
    }

    private JsonNode admin(String path) {
        HttpResponse<String> response = get(path, "X-Admin-Key", VICTOR.key());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

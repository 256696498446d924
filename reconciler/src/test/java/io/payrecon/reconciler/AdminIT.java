package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operators' API: parked webhooks older than an age, dead letters (read here by a read-only operator). */
class AdminIT extends RunningReconciler {

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
        long parkedId = listed.get("parkedId").longValue();
        assertThat(admin("/admin/parked?olderThan=0s&limit=1000&after=" + (parkedId - 1))
                        .get("parked")
                        .get(0)
                        .get("deliveryId")
                        .stringValue())
                .as("paged by key: the page after the entry before it starts with it")
                .isEqualTo(early.deliveryId());
        assertThat(admin("/admin/parked?olderThan=0s&limit=1000&after=" + parkedId)
                        .get("parked")
                        .valueStream()
                        .map(parked -> parked.get("deliveryId").stringValue()))
                .doesNotContain(early.deliveryId());
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
    void deadLettersAreListedForOperatorsWithTheirReasonNewestFirstAPageAtATimeByKey() {
        String key = "poison-" + newOrderId();
        for (int i = 0; i < 3; i++) {
            sendRaw(Topics.LINK_EVENTS, key, ("not an event " + i).getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(PATIENCE)
                .until(() -> ofKey(admin("/admin/dlt?limit=1000"), key).size() == 3);

        List<JsonNode> paged = new ArrayList<>();
        String before = "";
        for (int page = 0; page < 1000; page++) {
            List<JsonNode> entries =
                    admin("/admin/dlt?limit=1" + before).valueStream().toList();
            if (entries.isEmpty()) {
                break;
            }
            assertThat(entries).hasSize(1);
            paged.add(entries.get(0));
            before = "&before=" + entries.get(0).get("id").longValue();
        }

        List<JsonNode> ours = ofKey(paged, key);
        assertThat(ours).hasSize(3);
        assertThat(ours.get(0).get("topic").stringValue()).isEqualTo(Topics.LINK_EVENTS);
        assertThat(ours.get(0).get("reason").stringValue()).contains("Not a valid LinkEvent");
        assertThat(paged.stream().map(entry -> entry.get("id").longValue()).toList())
                .as("newest first, each entry once")
                .isSortedAccordingTo(Comparator.reverseOrder())
                .doesNotHaveDuplicates();
    }

    private static List<JsonNode> ofKey(Iterable<JsonNode> entries, String key) {
        List<JsonNode> found = new ArrayList<>();
        entries.forEach(entry -> {
            if (key.equals(entry.get("key").stringValue())) {
                found.add(entry);
            }
        });
        return found;
    }

    private static List<JsonNode> ofKey(JsonNode entries, String key) {
        return ofKey(entries.valueStream().toList(), key);
    }

    private JsonNode admin(String path) {
        HttpResponse<String> response = get(path, "X-Admin-Key", VICTOR.key());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

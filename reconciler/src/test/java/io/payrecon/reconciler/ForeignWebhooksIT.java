package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks for request ids that never get a link of ours (requests made elsewhere with the same Client ID): parked,
 * then, after {@code reconciler.parked.foreign-after} (24 h; their parking time is set back here), marked foreign:
 * kept and listed, recorded as ignored with the reason, no longer counted as stale, and still applied when their link
 * arrives after all.
 */
class ForeignWebhooksIT extends RunningReconciler {

    @Test
    void webhookWithoutALinkOfOursForADayIsForeignNotStaleListedAndStillAppliedWhenItsLinkComesLate() {
        String foreignRequest = newRequestId();
        String lateRequest = newRequestId();
        WebhookReceived foreign = webhook("payment.confirmed.json", foreignRequest);
        WebhookReceived late = webhook("payment.confirmed.json", lateRequest);
        send(Topics.WEBHOOKS, foreign);
        send(Topics.WEBHOOKS, late);
        awaitOutcome(foreign.deliveryId(), "PARKED");
        awaitOutcome(late.deliveryId(), "PARKED");

        // parked 25 h ago, past foreign-after; the other 2 h ago, stale but still waited for
        parkedAgo(foreign.deliveryId(), "25 hours");
        parkedAgo(late.deliveryId(), "2 hours");

        awaitOutcome(foreign.deliveryId(), "IGNORED");
        assertThat(reasonOf(foreign.deliveryId()))
                .startsWith("no link of ours for request " + foreignRequest + " after 24h: foreign");
        assertThat(foreignAt(foreign.deliveryId())).as("kept, marked").isNotNull();
        assertThat(reasonOf(late.deliveryId())).contains("parked until its payment link arrives");
        assertThat(foreignAt(late.deliveryId())).isNull();
        awaitOutcome(late.deliveryId(), "PARKED");

        // not counted as stale: the gauge counts only what is still waited for
        await().atMost(PATIENCE).untilAsserted(() -> {
            long waitingStale = count("foreign_at IS NULL AND parked_at < now() - interval '1 hour'");
            assertThat(metric("reconciler_parked_stale")).isEqualTo(waitingStale);
        });
        assertThat(count("parked_at < now() - interval '1 hour'"))
                .as("the foreign one is old enough to be stale, were it still waited for")
                .isGreaterThan(count("foreign_at IS NULL AND parked_at < now() - interval '1 hour'"));
        await().atMost(PATIENCE).until(() -> metric("reconciler_parked_foreign") >= 1);

        // listed: the default list is what is waited for, state=foreign the others, with their reason
        long foreignId = parkedId(foreign.deliveryId());
        long lateId = parkedId(late.deliveryId());
        assertThat(firstParked("olderThan=0s&after=" + (lateId - 1))
                        .get("deliveryId")
                        .stringValue())
                .isEqualTo(late.deliveryId());
        assertThat(firstParked("olderThan=0s&after=" + (foreignId - 1))
                        .get("deliveryId")
                        .stringValue())
                .as("not in the default list")
                .isNotEqualTo(foreign.deliveryId());
        JsonNode listed = firstParked("state=foreign&olderThan=0s&after=" + (foreignId - 1));
        assertThat(listed.get("deliveryId").stringValue()).isEqualTo(foreign.deliveryId());
        assertThat(listed.get("state").stringValue()).isEqualTo("foreign");
        assertThat(listed.get("foreignAt").stringValue()).isNotBlank();
        assertThat(listed.get("reason").stringValue()).contains("no link of ours for request " + foreignRequest);
        JsonNode waiting = firstParked("state=all&olderThan=0s&after=" + (lateId - 1));
        assertThat(waiting.get("state").stringValue()).isEqualTo("waiting");
        assertThat(waiting.get("foreignAt").isNull()).isTrue();
        assertThat(get("/admin/parked?state=gone", "X-Admin-Key", VICTOR.key()).statusCode())
                .isEqualTo(400);

        // its link arrives after all: applied, nothing lost
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, foreignRequest));

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        awaitOutcome(foreign.deliveryId(), "APPLIED");
        assertThat(reasonOf(foreign.deliveryId())).contains("taken for foreign");
        assertThat(count("delivery_id = '" + foreign.deliveryId() + "'")).isZero();
        assertStatusEventsStay(orderId, 1);

        String lateOrder = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(lateOrder, lateRequest));
        awaitOutcome(late.deliveryId(), "APPLIED");
    }

    @Test
    void foreignWebhookLeftParkedThoughItsRequestIsKnownIsAppliedByParkedRetry() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        // as a lost release would leave one taken for foreign: parked, marked, recorded IGNORED
        WebhookReceived left = webhook("payment.confirmed.json", requestId);
        OffsetDateTime dayAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(25);
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (delivery_id, event_id, event, request_id, test, outcome,
                                                        reason, received_at, recorded_at)
                        VALUES (:deliveryId, :eventId, 'payment.confirmed', :requestId, false, 'IGNORED',
                                'no link of ours for request x after 24h: foreign', :at, :at)
                        """)
                .param("deliveryId", left.deliveryId())
                .param("eventId", left.eventId())
                .param("requestId", requestId)
                .param("at", dayAgo)
                .update();
        jdbc.sql("""
                        INSERT INTO parked_webhooks (delivery_id, request_id, event, parked_at, foreign_at)
                        VALUES (:deliveryId, :requestId, :event, :at, now())
                        """)
                .param("deliveryId", left.deliveryId())
                .param("requestId", requestId)
                .param("event", EventCodec.write(left))
                .param("at", dayAgo)
                .update();

        HttpResponse<String> retried = admin("POST", "/admin/parked/retry", null, ALICE);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(JSON.readTree(retried.body()).has("foreign")).isTrue();
        awaitOutcome(left.deliveryId(), "APPLIED");
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        assertStatusEventsStay(orderId, 1);
    }

    private void parkedAgo(String deliveryId, String age) {
        assertThat(jdbc.sql("""
                                UPDATE parked_webhooks SET parked_at = now() - CAST(:age AS interval)
                                WHERE delivery_id = :deliveryId
                                """)
                        .param("age", age)
                        .param("deliveryId", deliveryId)
                        .update())
                .isEqualTo(1);
    }

    private OffsetDateTime foreignAt(String deliveryId) {
        return jdbc.sql("SELECT foreign_at FROM parked_webhooks WHERE delivery_id = :deliveryId")
                .param("deliveryId", deliveryId)
                .query(OffsetDateTime.class)
                .optional()
                .orElse(null);
    }

    private long parkedId(String deliveryId) {
        return jdbc.sql("SELECT parked_id FROM parked_webhooks WHERE delivery_id = :deliveryId")
                .param("deliveryId", deliveryId)
                .query(Long.class)
                .single();
    }

    private long count(String condition) {
        return jdbc.sql("SELECT count(*) FROM parked_webhooks WHERE " + condition)
                .query(Long.class)
                .single();
    }

    /** The first entry of {@code GET /admin/parked?limit=1&…}, or an empty object when there is none. */
    private JsonNode firstParked(String query) {
        HttpResponse<String> response = get("/admin/parked?limit=1&" + query, "X-Admin-Key", VICTOR.key());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode parked = JSON.readTree(response.body()).get("parked");
        return parked.isEmpty() ? JSON.readTree("{\"deliveryId\":\"\"}") : parked.get(0);
    }
}

package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.EventCodec;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * The operators' commands: an order's story, dead letters retried and discarded, parked webhooks retried, polling
 * now, re-publishing and replaying; each written to the audit log. Against the real broker and database.
 */
class OperationsIT extends RunningReconciler {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void everyOperationAndTheReadingOfTheAuditLogIsWrittenToItWithWhoWhatAndOutcome() {
        String unknownOrder = newOrderId();

        HttpResponse<String> refused = admin("GET", "/admin/orders/" + unknownOrder + "/story", null, OLIVIA);
        HttpResponse<String> listed = admin("GET", "/admin/dlt?limit=5", null, OLIVIA);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(listed.statusCode()).isEqualTo(200);
        List<JsonNode> audit = json(admin("GET", "/admin/audit?operator=olivia&limit=2", null, OLIVIA))
                .valueStream()
                .toList();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("command").stringValue()).isEqualTo("dlt list");
        assertThat(audit.get(0).get("arguments").get("limit").intValue()).isEqualTo(5);
        assertThat(audit.get(0).get("outcome").stringValue()).endsWith("listed");
        assertThat(audit.get(1).get("command").stringValue()).isEqualTo("orders show");
        assertThat(audit.get(1).get("operator").stringValue()).isEqualTo("olivia");
        assertThat(audit.get(1).get("arguments").get("orderId").stringValue()).isEqualTo(unknownOrder);
        assertThat(audit.get(1).get("outcome").stringValue()).startsWith("refused (404)");
        assertThat(audit.get(1).get("at").stringValue()).isNotBlank();
        assertThat(Instant.parse(audit.get(1).get("finishedAt").stringValue()))
                .isAfterOrEqualTo(Instant.parse(audit.get(1).get("at").stringValue()));
        // the read above is in the audit log too, as anyone reading it next sees
        JsonNode read = json(admin("GET", "/admin/audit?operator=olivia&limit=1", null, ALICE))
                .get(0);
        assertThat(read.get("command").stringValue()).isEqualTo("audit list");
        assertThat(read.get("operator").stringValue()).isEqualTo("olivia");
        assertThat(read.get("arguments").get("operator").stringValue()).isEqualTo("olivia");
        assertThat(read.get("outcome").stringValue()).isEqualTo("2 listed");
    }

    @Test
    void orderStoryTellsLinksDeliveriesTransitionsAndStatusEventsInTimeOrder() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived test = webhook("payment.confirmed.json", requestId, true);
        WebhookReceived processing = webhook("payment.processing.json", requestId);
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, test);
        send(Topics.WEBHOOKS, processing);
        send(Topics.WEBHOOKS, confirmed);
        awaitOutcome(confirmed.deliveryId(), "APPLIED");

        JsonNode story = json(admin("GET", "/admin/orders/" + orderId + "/story", null, ALICE));

        assertThat(story.get("status").stringValue()).isEqualTo("PAID");
        List<String> lines = story.get("entries")
                .valueStream()
                .map(entry -> entry.get("kind").stringValue() + " "
                        + entry.get("what").stringValue() + " "
                        + entry.get("outcome").stringValue())
                .toList();
        assertThat(lines)
                .containsSubsequence(
                        "link payment-link.created APPLIED",
                        "delivery webhook (test) TEST",
                        "delivery payment.processing IGNORED",
                        "delivery payment.confirmed APPLIED",
                        "status-event order.payment-status-changed sequence 1 PAID");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("transition opened -> AWAITING_PAYMENT"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("transition AWAITING_PAYMENT -> PAID"));
        List<Instant> times = story.get("entries")
                .valueStream()
                .map(entry -> Instant.parse(entry.get("at").stringValue()))
                .toList();
        assertThat(times).isSorted();
        assertThat(story.get("entries")
                        .valueStream()
                        .filter(entry -> entry.get("ref").stringValue().equals(confirmed.deliveryId())))
                .hasSize(1);
    }

    @Test
    void deadLetterFixedAtItsCauseIsAppliedOnceByItsRetry() {
        PaymentLinkCreated created = linkCreated(newOrderId(), newRequestId());
        PaymentLinkRenewed renewed = linkRenewed(created, newRequestId());
        send(Topics.LINK_EVENTS, renewed); // its order's creation went missing: dead-lettered
        long id = awaitDeadLetters(created.orderId(), 1).get(0).get("id").longValue();
        send(Topics.LINK_EVENTS, created); // the fix
        awaitOrder(created.orderId());

        HttpResponse<String> retried = admin("POST", "/admin/dlt/" + id + "/retry", null, CAROL);
        HttpResponse<String> again = admin("POST", "/admin/dlt/" + id + "/retry", null, CAROL);

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).get("topic").stringValue()).isEqualTo(Topics.LINK_EVENTS);
        assertThat(json(retried).get("outcome").stringValue()).isEqualTo("applied");
        assertThat(order(created.orderId()).get("requestIds").valueStream().map(JsonNode::stringValue))
                .as("applied within the retry, not later from a topic")
                .containsAll(renewed.requestIds());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").stringValue()).contains("already retried by carol");
        assertThat(awaitDeadLetters(created.orderId(), 1))
                .as("nothing dead-lettered again")
                .hasSize(1);
    }

    @Test
    void deadLetterThatStillCannotBeAppliedStaysPendingAndIsDiscardedOnlyWithAReason() {
        String key = "poison-" + newOrderId();
        sendRaw(Topics.LINK_EVENTS, key, "not an event".getBytes(StandardCharsets.UTF_8));
        long id = awaitDeadLetters(key, 1).get(0).get("id").longValue();

        JsonNode shown = json(admin("GET", "/admin/dlt/" + id, null, CAROL));
        HttpResponse<String> retried = admin("POST", "/admin/dlt/" + id + "/retry", null, CAROL);

        assertThat(shown.get("summary").get("topic").stringValue()).isEqualTo(Topics.LINK_EVENTS);
        assertThat(shown.get("summary").get("reason").stringValue()).contains("Not a valid LinkEvent");
        assertThat(shown.get("valueText").stringValue()).isEqualTo("not an event");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(422);
        assertThat(json(retried).get("detail").stringValue())
                .contains("still cannot be applied", "Not a valid LinkEvent", "discard it");
        assertThat(awaitDeadLetters(key, 1).get(0).get("state").stringValue()).isEqualTo("PENDING");

        assertThat(admin("POST", "/admin/dlt/" + id + "/discard", "{}", CAROL).statusCode())
                .isEqualTo(400);
        HttpResponse<String> discarded =
                admin("POST", "/admin/dlt/" + id + "/discard", "{\"reason\": \"garbage from a test\"}", CAROL);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(json(discarded).get("state").stringValue()).isEqualTo("DISCARDED");
        assertThat(json(discarded).get("settleReason").stringValue()).isEqualTo("garbage from a test");
        assertThat(admin("POST", "/admin/dlt/" + id + "/retry", null, CAROL).statusCode())
                .isEqualTo(409);
        assertThat(admin("GET", "/admin/dlt/999999999", null, CAROL).statusCode())
                .isEqualTo(404);
    }

    @Test
    void parkedWebhooksDiscardedThroughTheApiAreKeptAndNeverAppliedWhenTheirLinkArrives() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, early); // before its link: parked
        long parkedId = awaitParked(early);
        String body = "{\"ids\": [" + parkedId + "], \"reason\": \"a test payment made by hand\"}";

        HttpResponse<String> readOnly = admin("POST", "/admin/parked/discard", body, VICTOR);
        HttpResponse<String> noReason = admin("POST", "/admin/parked/discard", "{\"ids\": [" + parkedId + "]}", ALICE);
        JsonNode discarded = json(admin("POST", "/admin/parked/discard", body, ALICE));
        JsonNode again = json(admin("POST", "/admin/parked/discard", body, ALICE));
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);

        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("with a reason");
        assertThat(discarded
                        .get("discarded")
                        .valueStream()
                        .map(d -> d.get("deliveryId").stringValue()))
                .containsExactly(early.deliveryId());
        assertThat(again.get("skipped").valueStream().map(JsonNode::longValue)).containsExactly(parkedId);
        assertThat(reasonOf(early.deliveryId())).contains("discarded by alice", "a test payment made by hand");
        assertStatusEventsStay(orderId, 0);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(json(admin("GET", "/admin/parked?state=discarded&olderThan=0s", null, CAROL))
                        .get("parked")
                        .valueStream()
                        .map(p -> p.get("deliveryId").stringValue()))
                .contains(early.deliveryId());
    }

    @Test
    void webhookLeftParkedAfterItsLinkArrivedIsAppliedOnceByParkedRetry() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        // as a lost release would leave it: parked and recorded PARKED, though its request id is known
        WebhookReceived left = webhook("payment.confirmed.json", requestId);
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (delivery_id, event_id, event, request_id, test, outcome,
                                                        reason, received_at, recorded_at)
                        VALUES (:deliveryId, :eventId, 'payment.confirmed', :requestId, false, 'PARKED',
                                'request not known yet', :at, :at)
                        """)
                .param("deliveryId", left.deliveryId())
                .param("eventId", left.eventId())
                .param("requestId", requestId)
                .param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        jdbc.sql("""
                        INSERT INTO parked_webhooks (delivery_id, request_id, event, parked_at)
                        VALUES (:deliveryId, :requestId, :event, :at)
                        """)
                .param("deliveryId", left.deliveryId())
                .param("requestId", requestId)
                .param("event", EventCodec.write(left))
                .param("at", OffsetDateTime.now(ZoneOffset.UTC))
                .update();

        JsonNode retried = json(admin("POST", "/admin/parked/retry", null, ALICE));
        JsonNode again = json(admin("POST", "/admin/parked/retry", null, ALICE));

        assertThat(retried.get("deliveries")
                        .valueStream()
                        .filter(d -> d.get("deliveryId").stringValue().equals(left.deliveryId()))
                        .findFirst()
                        .orElseThrow()
                        .get("outcome")
                        .stringValue())
                .isEqualTo("APPLIED");
        assertThat(again.get("deliveries")
                        .valueStream()
                        .map(d -> d.get("deliveryId").stringValue()))
                .doesNotContain(left.deliveryId());
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        assertStatusEventsStay(orderId, 1);
    }

    @Test
    void pollAsksTheProviderNowThroughThePoller() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        // the ladder (1s, 2s) done, the next poll is an hour away
        await().atMost(PATIENCE).until(() -> PROVIDER.callsFor(requestId) >= 2 && nextPollIsLater(requestId));
        int before = PROVIDER.callsFor(requestId);

        HttpResponse<String> poll = admin("POST", "/admin/orders/" + orderId + "/poll", null, ALICE);

        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(202);
        assertThat(json(poll).get("requestIds").get(0).stringValue()).isEqualTo(requestId);
        await().atMost(PATIENCE).until(() -> PROVIDER.callsFor(requestId) > before);
        assertThat(admin("POST", "/admin/orders/" + newOrderId() + "/poll", null, ALICE)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void republishReEmitsAnOrdersStatusEventsWithTheirSequencesMarkedRepublished() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        List<OrderPaymentStatusChanged> original = awaitStatusEvents(orderId, 2);

        JsonNode dryRun = runJob("/admin/republish", "{\"orderId\": \"" + orderId + "\", \"dryRun\": true}", ALICE);
        JsonNode result = runJob("/admin/republish", "{\"orderId\": \"" + orderId + "\"}", ALICE);

        assertThat(dryRun.get("events").longValue()).isEqualTo(original.size());
        assertThat(dryRun.get("orders").longValue()).isEqualTo(1);
        assertThat(dryRun.get("listed"))
                .extracting(event -> event.get("sequence").longValue())
                .containsExactlyElementsOf(original.stream()
                        .map(OrderPaymentStatusChanged::sequence)
                        .toList());
        assertThat(result.get("events").longValue()).isEqualTo(original.size());
        List<OrderPaymentStatusChanged> all = awaitStatusEvents(orderId, 2 * original.size());
        List<OrderPaymentStatusChanged> republished =
                all.stream().filter(OrderPaymentStatusChanged::republished).toList();
        assertThat(republished)
                .extracting(OrderPaymentStatusChanged::sequence)
                .containsExactlyElementsOf(original.stream()
                        .map(OrderPaymentStatusChanged::sequence)
                        .toList());
        for (int i = 0; i < original.size(); i++) {
            assertThat(republished.get(i).eventId())
                    .isNotEqualTo(original.get(i).eventId());
            assertThat(republished.get(i).status()).isEqualTo(original.get(i).status());
            assertThat(republished.get(i).paidAmount())
                    .isEqualByComparingTo(original.get(i).paidAmount());
            assertThat(republished.get(i).cause()).isEqualTo(original.get(i).cause());
        }
        // The relay copies each republished event to the compacted topic too, so a bootstrap finds them there.
        assertThat(awaitLatestStatusEvents(orderId, all.size()))
                .extracting(OrderPaymentStatusChanged::eventId)
                .containsExactlyElementsOf(
                        all.stream().map(OrderPaymentStatusChanged::eventId).toList());
        assertThat(admin("POST", "/admin/republish", "{}", ALICE).statusCode()).isEqualTo(400);
    }

    @Test
    void republishWaitsForAChangeOfTheOrderInProgressSoTheCompactedTopicEndsWithTheLatest() throws Exception {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);

        CompletableFuture<JsonNode> republish;
        try (Connection batch =
                DriverManager.getConnection(stack().jdbcUrl(), stack().databaseUser(), stack().databasePassword())) {
            // as a batch changing the order holds it, between its lock and its commit
            batch.setAutoCommit(false);
            try (PreparedStatement lock =
                    batch.prepareStatement("SELECT 1 FROM reconciler.orders WHERE order_id = ? FOR UPDATE")) {
                lock.setString(1, orderId);
                lock.executeQuery().close();
            }
            republish = CompletableFuture.supplyAsync(
                    () -> runJob("/admin/republish", "{\"orderId\": \"" + orderId + "\"}", ALICE));

            await().atMost(PATIENCE).until(() -> jdbc.sql("""
                                    SELECT count(*) FROM pg_stat_activity
                                    WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%'
                                    """).query(Long.class).single() > 0);
            assertThat(republish)
                    .as("the republish, while a change of the order is in progress")
                    .isNotDone();
            batch.rollback();
        }

        assertThat(republish
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                        .get("events")
                        .longValue())
                .isEqualTo(1);
        assertThat(awaitLatestStatusEvents(orderId, 2).getLast().republished()).isTrue();
    }

    @Test
    void replayDryRunChangesNothingAndReplayAppliesWhatTheListenerMissedOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        MessageListenerContainer webhooks = listeners.getListenerContainer("webhooks");
        Instant from = Instant.now().minusSeconds(1);
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);
        try {
            webhooks.pause();
            await().atMost(PATIENCE).until(webhooks::isContainerPaused);
            send(Topics.WEBHOOKS, confirmed);
            String range = "\"from\": \"" + from + "\", \"to\": \""
                    + Instant.now().plusSeconds(1) + "\", \"orderId\": \"" + orderId + "\"";

            JsonNode dryRun = runJob("/admin/replay", "{" + range + ", \"dryRun\": true}", ALICE);

            assertThat(dryRun.get("dryRun").booleanValue()).isTrue();
            assertThat(dryRun.get("webhooks").intValue()).isEqualTo(1);
            assertThat(dryRun.get("changes")).hasSize(1);
            assertThat(dryRun.get("changes").get(0).get("to").stringValue()).isEqualTo("PAID");
            assertThat(dryRun.get("changes").get(0).get("deliveryId").stringValue())
                    .isEqualTo(confirmed.deliveryId());
            assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
            assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE delivery_id = :id")
                            .param("id", confirmed.deliveryId())
                            .query(Long.class)
                            .single())
                    .isZero();

            JsonNode replayed = runJob("/admin/replay", "{" + range + "}", ALICE);
            JsonNode replayedAgain = runJob("/admin/replay", "{" + range + "}", ALICE);

            assertThat(replayed.get("changes")).hasSize(1);
            assertThat(replayed.get("changeCount").longValue()).isEqualTo(1);
            assertThat(replayedAgain.get("changes")).isEmpty();
            assertThat(replayedAgain.get("changeCount").longValue()).isZero();
            assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        } finally {
            webhooks.resume();
        }
        awaitOutcome(confirmed.deliveryId(), "APPLIED");
        assertStatusEventsStay(orderId, 1);
        assertThat(admin("POST", "/admin/replay", "{\"from\": \"" + Instant.now() + "\"}", ALICE)
                        .statusCode())
                .isEqualTo(400);
    }

    private boolean nextPollIsLater(String requestId) {
        return jdbc.sql("SELECT next_poll_at > now() + interval '10 minutes' FROM polls WHERE request_id = :id")
                .param("id", requestId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The dead letters of records with this key, newest first, once there are {@code count}. */
    private List<JsonNode> awaitDeadLetters(String key, int count) {
        return await().atMost(PATIENCE)
                .until(
                        () -> json(admin("GET", "/admin/dlt?limit=1000", null, ALICE))
                                .valueStream()
                                .filter(dead -> key.equals(dead.get("key").stringValue()))
                                .toList(),
                        found -> found.size() >= count);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}

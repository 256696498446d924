package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import io.payrecon.reconciler.admin.parked.OperatorDiscards;
import io.payrecon.reconciler.admin.rebuild.Rebuild;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /admin/rebuild}: every order recomputed from the beginning of the log into a scratch schema, compared
 * with the live state, and (not in a dry run) the live orders that differ corrected. Against the real broker and
 * database, after histories made through the listeners like the other tests'. The topics hold every test's records,
 * so assertions are about this test's orders.
 */
class RebuildIT extends RunningReconciler {

    @Autowired
    Rebuild rebuild;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    ApplicationContext context;

    @Test
    void rebuildOfAnUnchangedHistoryReproducesTheLiveStateExactlyAndChangesNothing() {
        List<String> orders = mixedHistory();
        List<String> before = rows(orders);
        long timed = latency().count();

        JsonNode dryRun = rebuild(true, ALICE);

        assertThat(dryRun.get("dryRun").booleanValue()).isTrue();
        assertThat(dryRun.get("complete").booleanValue()).as(dryRun.toString()).isTrue();
        assertThat(dryRun.get("switchedOver").booleanValue()).isFalse();
        assertThat(dryRun.get("records").get(Topics.LINK_EVENTS).longValue()).isGreaterThanOrEqualTo(10);
        assertThat(dryRun.get("records").get(Topics.WEBHOOKS).longValue()).isGreaterThanOrEqualTo(10);
        assertThat(dryRun.get("records").get(Topics.PROVIDER_OBSERVATIONS).longValue())
                .isGreaterThanOrEqualTo(1);
        assertThat(dryRun.get("ordersRebuilt").longValue()).isGreaterThanOrEqualTo(orders.size());
        assertThat(differingOrders(dryRun)).doesNotContainAnyElementsOf(orders);
        assertThat(dryRun.get("historyDifferences").valueStream().map(JsonNode::stringValue))
                .as("every transition, amount and cause rebuilt as it was recorded")
                .doesNotContainAnyElementsOf(orders);
        assertThat(rows(orders)).isEqualTo(before);
        assertThat(schemaExists("reconciler_rebuild")).isFalse();

        JsonNode real = rebuild(false, ALICE);

        assertThat(real.get("switchedOver").booleanValue()).as(real.toString()).isTrue();
        assertThat(differingOrders(real)).doesNotContainAnyElementsOf(orders);
        assertThat(rows(orders)).isEqualTo(before);
        assertEventsStay(orders);
        assertThat(latency().count()).as("rebuilt status events are not timed").isEqualTo(timed);
        assertThat(schemaExists("reconciler_rebuild")).isFalse();
        List<JsonNode> audit = adminOk("GET", "/admin/audit?operator=alice&limit=2", null, ALICE)
                .valueStream()
                .toList();
        assertThat(audit)
                .extracting(entry -> entry.get("command").stringValue())
                .containsOnly("rebuild");
        assertThat(audit.get(0).get("arguments").get("dryRun").booleanValue()).isFalse();
        assertThat(audit.get(1).get("arguments").get("dryRun").booleanValue()).isTrue();
        assertThat(audit.get(1).get("outcome").stringValue()).matches("job \\d+ queued");
    }

    @Test
    void rebuildFindsAWronglyMappedOrderAndRepairsItWithOneStatusEventAtTheNextSequence() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 2);
        // a mapping bug counted the confirmation as nothing: the order stayed partially paid
        jdbc.sql("UPDATE orders SET status = 'PARTIALLY_PAID', paid_amount = 50.0 WHERE order_id = :orderId")
                .param("orderId", orderId)
                .update();

        JsonNode dryRun = rebuild(true, ALICE);

        JsonNode found = differenceOf(dryRun, orderId);
        assertThat(found).as(dryRun.toString()).isNotNull();
        assertThat(found.get("fields")
                        .valueStream()
                        .map(field -> field.get("field").stringValue() + " "
                                + field.get("live").stringValue() + " -> "
                                + field.get("rebuilt").stringValue()))
                .containsExactly("status PARTIALLY_PAID -> PAID", "paidAmount 50.0 -> 100.0");
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PARTIALLY_PAID");
        assertStatusEventsStay(orderId, 2);

        JsonNode real = rebuild(false, ALICE);

        assertThat(real.get("switchedOver").booleanValue()).as(real.toString()).isTrue();
        assertThat(real.get("corrected").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(differenceOf(real, orderId)).isNotNull();
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        JsonNode correction = order.get("history").get(3);
        assertThat(correction.get("sequence").longValue()).isEqualTo(3);
        assertThat(correction.get("from").stringValue()).isEqualTo("PARTIALLY_PAID");
        assertThat(correction.get("cause").get("kind").stringValue()).isEqualTo("rebuild");
        List<OrderPaymentStatusChanged> events = awaitStatusEvents(orderId, 3);
        assertStatusEventsStay(orderId, 3);
        OrderPaymentStatusChanged repaired = events.get(2);
        assertThat(repaired.sequence()).isEqualTo(3);
        assertThat(repaired.previousStatus()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(repaired.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(repaired.paidAmount()).isEqualByComparingTo("100.0");
        assertThat(repaired.cause().kind()).isEqualTo("rebuild");
        assertThat(repaired.cause().eventId().toString())
                .isEqualTo(real.get("runId").stringValue());
        // The switch-over's correction reaches the compacted topic too, where it is the order's latest.
        assertThat(awaitLatestStatusEvents(orderId, 3).getLast()).isEqualTo(repaired);
        JsonNode after = rebuild(true, ALICE);
        assertThat(differenceOf(after, orderId)).isNull();
        assertThat(after.get("historyDifferences").valueStream().map(JsonNode::stringValue))
                .as("history is never rewritten: the bug and its correction stay on record")
                .contains(orderId);
    }

    @Test
    void rebuildNeverTakesAPaidOrderBackButWithholdsItForAPerson() {
        String orderId = newOrderId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, newRequestId()));
        awaitOrder(orderId);
        // a bug marked it paid without any payment on the log
        jdbc.sql("UPDATE orders SET status = 'PAID', paid_amount = 100.0 WHERE order_id = :orderId")
                .param("orderId", orderId)
                .update();

        JsonNode dryRun = rebuild(true, ALICE);
        JsonNode real = rebuild(false, ALICE);

        assertThat(differenceOf(dryRun, orderId).get("withheld").booleanValue()).isTrue();
        assertThat(differenceOf(real, orderId).get("withheld").booleanValue()).isTrue();
        assertThat(real.get("switchedOver").booleanValue()).isTrue();
        assertThat(real.get("notes").valueStream().map(JsonNode::stringValue))
                .anySatisfy(note -> assertThat(note).contains("withheld from correction"));
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PAID");
        assertStatusEventsStay(orderId, 0);
    }

    @Test
    void rebuildHonoursAParkedWebhookAnOperatorDiscarded() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.json", requestId);
        send(Topics.WEBHOOKS, early); // before its link: parked
        long parkedId = awaitParked(early);
        assertThat(OperatorDiscards.discard(context, List.of(parkedId), ALICE.name(), "a test payment made by hand"))
                .hasSize(1);
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        List<String> before = rows(List.of(orderId));

        JsonNode dryRun = rebuild(true, ALICE);

        assertThat(dryRun.get("complete").booleanValue()).as(dryRun.toString()).isTrue();
        assertThat(differenceOf(dryRun, orderId))
                .as("the discarded webhook is not applied in the rebuild either: " + dryRun)
                .isNull();

        JsonNode real = rebuild(false, ALICE);

        assertThat(real.get("switchedOver").booleanValue()).as(real.toString()).isTrue();
        assertThat(differenceOf(real, orderId)).isNull();
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(rows(List.of(orderId))).isEqualTo(before);
        assertStatusEventsStay(orderId, 0);
        assertThat(reasonOf(early.deliveryId())).contains("discarded by alice", "a test payment made by hand");
        assertThat(jdbc.sql("SELECT count(*) FROM parked_webhooks WHERE delivery_id = :id AND discarded_at IS NOT NULL")
                        .param("id", early.deliveryId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void rebuildKeepsWhatAnOperatorMendedByRetryingADeadLetter() {
        PaymentLinkCreated created = linkCreated(newOrderId(), newRequestId());
        PaymentLinkRenewed renewed = linkRenewed(created, newRequestId());
        send(Topics.LINK_EVENTS, renewed); // its order's creation went missing: dead-lettered
        long deadLetter = awaitDeadLetterId(created.orderId());
        send(Topics.LINK_EVENTS, created); // the fix, after the renewal on the log
        awaitOrder(created.orderId());
        adminOk("POST", "/admin/dlt/" + deadLetter + "/retry", null, ALICE);
        assertThat(order(created.orderId()).get("requestIds").toString())
                .contains(renewed.requestIds().get(0));
        List<String> before = rows(List.of(created.orderId()));

        JsonNode dryRun = rebuild(true, ALICE);

        assertThat(differenceOf(dryRun, created.orderId()))
                .as("the retried renewal is applied in the rebuild too: " + dryRun)
                .isNull();
        assertThat(dryRun.get("notes").toString()).contains("dead letters operators retried were applied again");

        JsonNode real = rebuild(false, ALICE);

        assertThat(real.get("switchedOver").booleanValue()).as(real.toString()).isTrue();
        assertThat(differenceOf(real, created.orderId())).isNull();
        assertThat(rows(List.of(created.orderId()))).as("the mend stays").isEqualTo(before);
    }

    @Test
    void withoutACutTheRebuildReportsButLeavesTheLiveStateAlone() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);
        jdbc.sql("UPDATE orders SET paid_amount = 20.0 WHERE order_id = :orderId")
                .param("orderId", orderId)
                .update();
        MessageListenerContainer webhooks = listeners.getListenerContainer("webhooks");
        webhooks.pause(); // as an operator's maintenance would leave it
        JsonNode real;
        try {
            real = rebuild(false, ALICE);
        } finally {
            webhooks.resume();
        }

        assertThat(real.get("switchedOver").booleanValue()).isFalse();
        assertThat(real.get("corrected").longValue()).isZero();
        assertThat(real.get("notes").valueStream().map(JsonNode::stringValue))
                .anySatisfy(note -> assertThat(note).contains("No cut", "paused already"));
        assertThat(differenceOf(real, orderId)).isNotNull();
        assertThat(order(orderId).get("paidAmount").stringValue()).isEqualTo("20.0");
        assertStatusEventsStay(orderId, 1);
        assertThat(webhooks.isPauseRequested()).isFalse();
    }

    @Test
    void secondRebuildWaitsQueuedUntilTheFirstEnded() {
        long first = startJob("/admin/rebuild", "{\"dryRun\": true}", ALICE)
                .get("id")
                .longValue();
        long second = startJob("/admin/rebuild", "{\"dryRun\": true}", CAROL)
                .get("id")
                .longValue();

        JsonNode firstEnded = awaitJobEnd(first);
        JsonNode secondEnded = awaitJobEnd(second);

        assertThat(firstEnded.get("state").stringValue())
                .as(firstEnded.toString())
                .isEqualTo("succeeded");
        assertThat(secondEnded.get("state").stringValue())
                .as(secondEnded.toString())
                .isEqualTo("succeeded");
        assertThat(Instant.parse(secondEnded.get("startedAt").stringValue()))
                .as("one rebuild at a time: the second started once the first had ended")
                .isAfterOrEqualTo(Instant.parse(firstEnded.get("finishedAt").stringValue()));
        assertThat(firstEnded.get("percent").doubleValue()).isEqualTo(100.0);
        assertThat(firstEnded.get("total").longValue())
                .as("records read of the log up to the snapshot, then the cut")
                .isEqualTo(firstEnded.get("done").longValue());
        assertThat(rebuild.isRunning()).isFalse();
    }

    /**
     * Orders through the live path: paid; partly then fully paid; paid then refunded; a webhook that beat its link
     * (parked, then applied); a delivery sent twice and its client_id variant; a renewed link paid on its new
     * request; an expired link. Answers their ids once every outcome is applied.
     */
    private List<String> mixedHistory() {
        String paid = newOrderId();
        String paidRequest = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(paid, paidRequest));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", paidRequest));

        String partly = newOrderId();
        String partlyRequest = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(partly, partlyRequest));
        send(Topics.WEBHOOKS, webhook("payment.partial.json", partlyRequest));
        awaitStatusEvents(partly, 1);
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", partlyRequest));

        String refunded = newOrderId();
        String refundedRequest = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(refunded, refundedRequest));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", refundedRequest));
        awaitStatusEvents(refunded, 1);
        send(Topics.WEBHOOKS, webhook("payment.refunded.json", refundedRequest));

        String parked = newOrderId();
        String parkedRequest = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.json", parkedRequest);
        send(Topics.WEBHOOKS, early);
        awaitOutcome(early.deliveryId(), "PARKED");
        send(Topics.LINK_EVENTS, linkCreated(parked, parkedRequest));

        String duplicated = newOrderId();
        String duplicatedRequest = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(duplicated, duplicatedRequest));
        WebhookReceived twice = webhook("payment.confirmed.json", duplicatedRequest);
        send(Topics.WEBHOOKS, twice);
        send(Topics.WEBHOOKS, twice);
        send(Topics.WEBHOOKS, webhook("payment.confirmed.client_id.json", duplicatedRequest));

        String renewed = newOrderId();
        String firstRequest = newRequestId();
        String renewedRequest = newRequestId();
        PaymentLinkCreated firstLink = linkCreated(renewed, firstRequest);
        send(Topics.LINK_EVENTS, firstLink);
        send(Topics.LINK_EVENTS, linkRenewed(firstLink, renewedRequest));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", renewedRequest));

        String observed = newOrderId();
        String observedRequest = newRequestId();
        PROVIDER.paid(
                observedRequest, "100.00", newTxHash()); // no webhook ever comes: the poller's observation pays it
        send(Topics.LINK_EVENTS, linkCreated(observed, observedRequest));

        String expired = newOrderId();
        PaymentLinkCreated expiring = linkCreated(expired, newRequestId());
        send(Topics.LINK_EVENTS, expiring);
        send(Topics.LINK_EVENTS, linkExpired(expiring));

        List<String> orders = List.of(paid, partly, refunded, parked, duplicated, renewed, observed, expired);
        assertThat(awaitStatusEvents(paid, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(awaitStatusEvents(partly, 2).get(1).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(awaitStatusEvents(refunded, 2).get(1).status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(awaitStatusEvents(parked, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(awaitStatusEvents(duplicated, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(awaitStatusEvents(renewed, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        assertThat(awaitStatusEvents(observed, 1).get(0).cause().kind()).isEqualTo("provider.status-observed");
        assertThat(awaitStatusEvents(expired, 1).get(0).status()).isEqualTo(PaymentStatus.EXPIRED);
        assertEventsStay(orders);
        return orders;
    }

    /** Each order's status events stay the ones it has: none is emitted again, none added. */
    private static void assertEventsStay(List<String> orders) {
        assertStatusEventsStay(
                List.of(orders.get(0), orders.get(3), orders.get(4), orders.get(5), orders.get(6), orders.get(7)), 1);
        assertStatusEventsStay(List.of(orders.get(1), orders.get(2)), 2);
    }

    /** The orders' rows, their request ids' and their history's, whole, as text. */
    private List<String> rows(List<String> orderIds) {
        String[] ids = orderIds.toArray(String[]::new);
        return jdbc.sql("""
                        SELECT 'order ' || CAST(row_to_json(o) AS text) FROM orders o
                        WHERE order_id = ANY(CAST(:ids AS text[]))
                        UNION ALL
                        SELECT 'request ' || CAST(row_to_json(r) AS text) FROM order_requests r
                        WHERE order_id = ANY(CAST(:ids AS text[]))
                        UNION ALL
                        SELECT 'history ' || CAST(row_to_json(h) AS text) FROM order_history h
                        WHERE order_id = ANY(CAST(:ids AS text[]))
                        ORDER BY 1
                        """).param("ids", ids).query(String.class).list();
    }

    private Timer latency() {
        return meters.get("reconciler.webhook.to.status").timer();
    }

    private boolean schemaExists(String schema) {
        return jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname = :schema")
                        .param("schema", schema)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static List<String> differingOrders(JsonNode report) {
        return report.get("differences")
                .valueStream()
                .map(difference -> difference.get("orderId").stringValue())
                .toList();
    }

    private static JsonNode differenceOf(JsonNode report, String orderId) {
        return report.get("differences")
                .valueStream()
                .filter(difference -> difference.get("orderId").stringValue().equals(orderId))
                .findFirst()
                .orElse(null);
    }

    private JsonNode rebuild(boolean dryRun, TestOperator operator) {
        return runJob("/admin/rebuild", "{\"dryRun\": " + dryRun + "}", operator);
    }

    private JsonNode adminOk(String method, String path, String body, TestOperator operator) {
        HttpResponse<String> response = admin(method, path, body, operator);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

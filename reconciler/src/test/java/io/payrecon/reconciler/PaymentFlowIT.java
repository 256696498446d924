package io.payrecon.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentStatus;
import io.payrecon.events.Topics;
import io.payrecon.events.WebhookReceived;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Payments as the provider reports them, through the real broker and database, to one status per order. */
class PaymentFlowIT extends RunningReconciler {

    @Test
    void linkCreatedOpensTheOrderAwaitingPaymentAtSequenceZeroWithoutAStatusEvent() {
        String orderId = newOrderId();
        PaymentLinkCreated link = linkCreated(orderId, newRequestId());

        send(Topics.LINK_EVENTS, link);

        JsonNode order = awaitOrder(orderId);
        assertStatusEventsStay(orderId, 0);
        assertThat(order.get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(order.get("expectedAmount").isString()).isTrue();
        assertThat(order.get("expectedAmount").stringValue()).isEqualTo("100.00");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("0");
        assertThat(order.get("refundedAmount").stringValue()).isEqualTo("0");
        assertThat(order.get("currency").stringValue()).isEqualTo("USDC");
        assertThat(flags(order)).isEmpty();
        assertThat(order.get("requestIds").get(0).stringValue())
                .isEqualTo(link.requestIds().get(0));
        assertThat(order.get("history")).hasSize(1);
        JsonNode opening = order.get("history").get(0);
        assertThat(opening.get("sequence").longValue()).isZero();
        assertThat(opening.get("from").isNull()).isTrue();
        assertThat(opening.get("to").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(opening.get("cause").get("eventId").stringValue())
                .isEqualTo(link.eventId().toString());
        assertThat(opening.get("cause").get("kind").stringValue()).isEqualTo("payment-link.created");
        assertThat(opening.get("cause").get("deliveryId").isNull()).isTrue();
    }

    @Test
    void confirmedPaymentPaysTheOrderWithExactlyOneStatusEventNamingItsCause() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        WebhookReceived confirmed = webhook("payment.confirmed.json", requestId);

        send(Topics.WEBHOOKS, confirmed);

        awaitOutcome(confirmed.deliveryId(), "APPLIED");
        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 1).get(0);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.AWAITING_PAYMENT);
        assertThat(paid.sequence()).isEqualTo(1);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.0");
        assertThat(paid.cause().deliveryId()).isEqualTo(confirmed.deliveryId());
        assertThat(paid.cause().eventId()).isEqualTo(confirmed.eventId());
        assertThat(paid.cause().kind()).isEqualTo("payment.confirmed");
        assertThat(paid.flags()).isEmpty();
        assertStatusEventsStay(orderId, 1);

        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        JsonNode change = order.get("history").get(1);
        assertThat(change.get("sequence").longValue()).isEqualTo(1);
        assertThat(change.get("from").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(change.get("to").stringValue()).isEqualTo("PAID");
        assertThat(change.get("at").stringValue()).isNotBlank();
        assertThat(change.get("cause").get("deliveryId").stringValue()).isEqualTo(confirmed.deliveryId());
    }

    @Test
    void redeliveriesAndAllThreeVariantsOfOnePaymentCountOnce() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived core = webhook("payment.confirmed.json", requestId);
        WebhookReceived clientId = webhook("payment.confirmed.client_id.json", requestId);
        WebhookReceived checkout = webhook("payment.confirmed.checkout.json", requestId);

        send(Topics.WEBHOOKS, core);
        send(Topics.WEBHOOKS, clientId);
        send(Topics.WEBHOOKS, core); // a retry of the same delivery
        send(Topics.WEBHOOKS, checkout);
        send(Topics.WEBHOOKS, clientId);

        awaitOutcome(checkout.deliveryId(), "DUPLICATE");
        awaitOutcome(clientId.deliveryId(), "DUPLICATE");
        awaitOutcome(core.deliveryId(), "APPLIED");
        assertThat(reasonOf(checkout.deliveryId())).contains("already counted");
        assertStatusEventsStay(orderId, 1);
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        assertThat(order.get("history")).hasSize(2);
        assertThat(flags(order)).isEmpty();
    }

    @Test
    void webhookBeforeItsLinkIsParkedThenAppliedWhenTheLinkArrives() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        WebhookReceived early = webhook("payment.confirmed.checkout.json", requestId);

        send(Topics.WEBHOOKS, early);

        awaitOutcome(early.deliveryId(), "PARKED");
        assertThat(get("/api/orders/" + orderId, API_KEY).statusCode()).isEqualTo(404);

        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        List<OrderPaymentStatusChanged> events = awaitStatusEvents(orderId, 1);
        assertThat(events)
                .extracting(
                        OrderPaymentStatusChanged::sequence,
                        OrderPaymentStatusChanged::previousStatus,
                        OrderPaymentStatusChanged::status)
                .containsExactly(tuple(1L, PaymentStatus.AWAITING_PAYMENT, PaymentStatus.PAID));
        assertThat(events.get(0).cause().deliveryId()).isEqualTo(early.deliveryId());
        awaitOutcome(early.deliveryId(), "APPLIED");
        assertThat(jdbc.sql("SELECT count(*) FROM parked_webhooks WHERE request_id = :requestId")
                        .param("requestId", requestId)
                        .query(Long.class)
                        .single())
                .isZero();
        JsonNode order = order(orderId);
        assertThat(order.get("history")
                        .valueStream()
                        .map(entry -> entry.get("sequence").longValue()))
                .containsExactly(0L, 1L);
        assertStatusEventsStay(orderId, 1);
    }

    @Test
    void webhookWhoseRequestIdOnlyItsBodyCarriesIsParkedUnderItAndAppliedWhenTheLinkArrives() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        String olderSpelling =
                fixtureBody("payment.confirmed.json", requestId).replace("\"requestId\":\"" + requestId + "\",", "");
        WebhookReceived received = webhookWithBody(requestId, olderSpelling);
        WebhookReceived early = new WebhookReceived(
                received.eventId(),
                received.occurredAt(),
                received.deliveryId(),
                null,
                null, // the gateway could not read it cheaply
                false,
                0,
                received.secretId(),
                received.headers(),
                received.body());

        send(Topics.WEBHOOKS, early);
        awaitOutcome(early.deliveryId(), "PARKED");
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAID);
        awaitOutcome(early.deliveryId(), "APPLIED");
    }

    @Test
    void testDeliveryIsRecordedButNeverApplied() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        awaitOrder(orderId);
        WebhookReceived test = webhook("payment.confirmed.json", requestId, true);

        send(Topics.WEBHOOKS, test);

        awaitOutcome(test.deliveryId(), "TEST");
        assertThat(reasonOf(test.deliveryId())).contains("test delivery");
        assertStatusEventsStay(orderId, 0);
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("AWAITING_PAYMENT");
        assertThat(order(orderId).get("paidAmount").stringValue()).isEqualTo("0");
    }

    @Test
    void partialThenConfirmedPaymentGoesThroughPartiallyPaidToPaid() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));

        OrderPaymentStatusChanged partial = awaitStatusEvents(orderId, 1).get(0);
        assertThat(partial.status()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(partial.paidAmount()).isEqualByComparingTo("50.0");

        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 2).get(1);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(paid.sequence()).isEqualTo(2);
        assertThat(paid.paidAmount()).isEqualByComparingTo("100.0");
    }

    @Test
    void latePartialPaymentAfterPaidChangesNothing() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        WebhookReceived late = webhook("payment.partial.json", requestId);

        send(Topics.WEBHOOKS, late);

        awaitOutcome(late.deliveryId(), "UNCHANGED");
        assertThat(reasonOf(late.deliveryId())).contains("already paid");
        assertStatusEventsStay(orderId, 1);
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("PAID");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        assertThat(flags(order)).isEmpty();
    }

    @Test
    void failedAttemptFailsAnUnpaidOrderAndALaterPaymentStillPaysIt() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));

        send(Topics.WEBHOOKS, webhook("payment.failed.json", requestId));
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.PAYMENT_FAILED);

        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 2).get(1);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.PAYMENT_FAILED);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
    }

    @Test
    void refundOfAPaidOrderRefundsItAndTheAmountsShowIt() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        WebhookReceived refund = webhook("payment.refunded.json", requestId);

        send(Topics.WEBHOOKS, refund);

        OrderPaymentStatusChanged refunded = awaitStatusEvents(orderId, 2).get(1);
        assertThat(refunded.previousStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.cause().kind()).isEqualTo("payment.refunded");
        assertThat(refunded.cause().deliveryId()).isEqualTo(refund.deliveryId());
        JsonNode order = order(orderId);
        assertThat(order.get("status").stringValue()).isEqualTo("REFUNDED");
        assertThat(order.get("paidAmount").stringValue()).isEqualTo("100.0");
        assertThat(order.get("refundedAmount").stringValue()).isEqualTo("100.0");
        assertThat(order.get("history").get(2).get("refundedAmount").stringValue())
                .isEqualTo("100.0");
        send(Topics.WEBHOOKS, refund);
        assertStatusEventsStay(orderId, 2);
    }

    @Test
    void overpaymentPaysTheOrderAndFlagsItOverpaid() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        String overpaid = fixtureBody("payment.confirmed.json", requestId)
                .replace("\"totalAmountPaid\":\"100.0\"", "\"totalAmountPaid\":\"150.0\"")
                .replace("\"amount\":\"100.0\"", "\"amount\":\"150.0\"");

        send(Topics.WEBHOOKS, webhookWithBody(requestId, overpaid));

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 1).get(0);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.paidAmount()).isEqualByComparingTo("150.0");
        assertThat(paid.flags()).containsExactly("overpaid");
        JsonNode order = order(orderId);
        assertThat(flags(order)).containsExactly("overpaid");
        assertThat(order.get("history").get(1).get("flags").get(0).stringValue())
                .isEqualTo("overpaid");
    }

    @Test
    void secondPaymentOfAPaidOrderIsFlaggedAsADuplicatePayment() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", requestId));
        awaitStatusEvents(orderId, 1);
        String second = fixtureBody("payment.confirmed.json", requestId)
                .replace("0xabcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890", newTxHash())
                .replace("\"totalAmountPaid\":\"100.0\"", "\"totalAmountPaid\":\"200.0\"");

        send(Topics.WEBHOOKS, webhookWithBody(requestId, second));

        OrderPaymentStatusChanged twice = awaitStatusEvents(orderId, 2).get(1);
        assertThat(twice.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(twice.previousStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(twice.paidAmount()).isEqualByComparingTo("200.0");
        assertThat(twice.flags()).containsExactlyInAnyOrder("duplicatePayment", "overpaid");
    }

    @Test
    void paymentOfAnOldLinkAfterItsRenewalCountsAndIsFlaggedPaidAfterExpiry() {
        String orderId = newOrderId();
        String oldRequest = newRequestId();
        String newRequest = newRequestId();
        Instant created = Instant.parse("2025-09-20T10:00:00Z");
        PaymentLinkCreated oldLink =
                linkCreated(orderId, oldRequest, "tok-old-" + orderId, created, created.plus(Duration.ofDays(7)));
        send(Topics.LINK_EVENTS, oldLink);
        send(Topics.LINK_EVENTS, linkExpired(oldLink));
        assertThat(awaitStatusEvents(orderId, 1).get(0).status()).isEqualTo(PaymentStatus.EXPIRED);
        send(Topics.LINK_EVENTS, linkRenewed(oldLink, newRequest));
        assertThat(awaitStatusEvents(orderId, 2).get(1).status()).isEqualTo(PaymentStatus.AWAITING_PAYMENT);

        // the fixture's payment was made on 2025-10-03, after the old link expired on 2025-09-27
        send(Topics.WEBHOOKS, webhook("payment.confirmed.json", oldRequest));

        OrderPaymentStatusChanged paid = awaitStatusEvents(orderId, 3).get(2);
        assertThat(paid.previousStatus()).isEqualTo(PaymentStatus.AWAITING_PAYMENT);
        assertThat(paid.status()).isEqualTo(PaymentStatus.PAID);
        assertThat(paid.flags()).containsExactly("paidAfterExpiry");
        JsonNode order = order(orderId);
        assertThat(order.get("requestIds").valueStream().map(JsonNode::stringValue))
                .containsExactly(oldRequest, newRequest);
        assertThat(order.get("history")
                        .valueStream()
                        .map(entry -> entry.get("cause").get("kind").stringValue()))
                .containsExactly(
                        "payment-link.created", "payment-link.expired", "payment-link.renewed", "payment.confirmed");
    }

    @Test
    void partlyPaidOrderDoesNotExpire() {
        String orderId = newOrderId();
        String requestId = newRequestId();
        PaymentLinkCreated link = linkCreated(orderId, requestId);
        send(Topics.LINK_EVENTS, link);
        send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
        awaitStatusEvents(orderId, 1);

        PaymentLinkExpired expired = linkExpired(link);

        send(Topics.LINK_EVENTS, expired);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT outcome || ': ' || reason FROM link_events "
                                        + "WHERE event_id = :eventId")
                                .param("eventId", expired.eventId())
                                .query(String.class)
                                .optional())
                        .hasValueSatisfying(outcome -> assertThat(outcome)
                                .startsWith("UNCHANGED")
                                .contains("partly paid order does not expire")));
        assertThat(order(orderId).get("status").stringValue()).isEqualTo("PARTIALLY_PAID");
        assertStatusEventsStay(orderId, 1);
    }

    @Test
    void unknownEventTypeAndEventsWithoutPaymentEffectAreRecordedAsIgnoredWithAReason() {
        String requestId = newRequestId();
        WebhookReceived unknown =
                webhookWithBody(requestId, "{\"event\":\"payment.teleported\",\"requestId\":\"" + requestId + "\"}");
        WebhookReceived compliance = webhook("compliance.updated.json", requestId);
        WebhookReceived processing = webhook("payment.processing.json", requestId);

        send(Topics.WEBHOOKS, unknown);
        send(Topics.WEBHOOKS, compliance);
        send(Topics.WEBHOOKS, processing);

        awaitOutcome(unknown.deliveryId(), "IGNORED");
        awaitOutcome(compliance.deliveryId(), "IGNORED");
        awaitOutcome(processing.deliveryId(), "IGNORED");
        assertThat(reasonOf(unknown.deliveryId())).contains("unknown event type payment.teleported");
        assertThat(reasonOf(compliance.deliveryId())).contains("compliance.updated has no effect on orders");
        assertThat(reasonOf(processing.deliveryId())).contains("crypto-to-fiat");
    }

    @Test
    void apiWithoutAValidKeyAnswers401ProblemJson() {
        for (String key : new String[] {null, "wrong-key", ALICE.key()}) {
            HttpResponse<String> response = get("/api/orders/anything", key);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("detail").stringValue())
                    .contains("X-Api-Key");
            assertThat(JSON.readTree(response.body()).get("type").stringValue())
                    .isEqualTo("https://payrecon.io/problems/api-key-required");
        }
    }

    @Test
    void unknownOrderAnswers404ProblemJson() {
        HttpResponse<String> response = get("/api/orders/no-such-order", API_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("detail").stringValue()).contains("no-such-order");
        assertThat(JSON.readTree(response.body()).get("type").stringValue())
                .isEqualTo("https://payrecon.io/problems/unknown-order");
    }

    @Test
    void ordersCanBeListedByStatusOnePageAtATimeByKeyWithTheirFlags() {
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String orderId = "paged-" + UUID.randomUUID();
            String requestId = newRequestId();
            send(Topics.LINK_EVENTS, linkCreated(orderId, requestId));
            send(Topics.WEBHOOKS, webhook("payment.partial.json", requestId));
            orderIds.add(orderId);
        }
        orderIds.forEach(orderId -> awaitStatusEvents(orderId, 1));

        List<String> listed = new ArrayList<>();
        String after = "";
        int pages = 0;
        do {
            JsonNode page = JSON.readTree(get("/api/orders?status=PARTIALLY_PAID&size=2&after=" + after, API_KEY)
                    .body());
            assertThat(page.get("orders").size()).isLessThanOrEqualTo(2);
            page.get("orders").valueStream().forEach(order -> {
                assertThat(order.get("status").stringValue()).isEqualTo("PARTIALLY_PAID");
                assertThat(order.has("flags")).isTrue();
                listed.add(order.get("orderId").stringValue());
            });
            after = page.get("next").isNull() ? null : page.get("next").stringValue();
            pages++;
        } while (after != null);

        assertThat(listed).isSorted().doesNotHaveDuplicates().containsAll(orderIds);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(get("/api/orders?status=SOMETHING", API_KEY).statusCode()).isEqualTo(400);
        assertThat(get("/api/orders?size=1000", API_KEY).statusCode()).isEqualTo(400);
        HttpResponse<String> byOffset = get("/api/orders?page=3", API_KEY);
        assertThat(byOffset.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(byOffset.body()).get("detail").stringValue()).contains("after=");
        assertThat(JSON.readTree(byOffset.body()).get("type").stringValue())
                .isEqualTo("https://payrecon.io/problems/invalid-request");
    }

    @Test
    void healthAndPrometheusAreExposedWithoutAKey() {
        assertThat(get("/actuator/health", null).body()).contains("UP");
        HttpResponse<String> prometheus = get("/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory", "reconciler_parked_stale");
    }
}

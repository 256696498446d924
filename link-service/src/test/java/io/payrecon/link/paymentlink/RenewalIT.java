package io.payrecon.link.paymentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payrecon.events.LinkEvent;
import io.payrecon.events.OrderPaymentStatusChanged;
import io.payrecon.events.PaymentLinkCreated;
import io.payrecon.events.PaymentLinkExpired;
import io.payrecon.events.PaymentLinkRenewed;
import io.payrecon.events.PaymentStatus;
import io.payrecon.link.FakeProvider;
import io.payrecon.link.RunningLinkService;
import io.payrecon.link.paymentlink.expiry.ExpirySweep;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Part 6 and 9 of issue 4: the payer redirect renews expired links (for what is left to pay), never for a paid
 * order, and the order's read model shows every link and the last known payment status. Links expire by moving the
 * {@link io.payrecon.link.TestClock} past {@code links.expiry}.
 */
class RenewalIT extends RunningLinkService {

    @Autowired
    OrderClaims claims;

    private static final Duration PAST_EXPIRY = Duration.ofDays(8);
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Autowired
    ExpirySweep sweep;

    @Test
    void expiredLinkIsRenewedForTheFullAmountThenThePayerIsRedirected() {
        String orderId = newOrderId();
        JsonNode first = create(orderId, "12.00");
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> redirect = pay(orderId, BROWSER);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(PROVIDER.createsFor(orderId)).hasSize(2);
        JsonNode renewal = PROVIDER.createsFor(orderId).get(1).body();
        assertThat(renewal.path("requests").get(0).path("amount").asString()).isEqualTo("12.00");
        assertThat(renewal.path("requests").get(0).path("destinationId").asString())
                .isEqualTo(DESTINATION_ID);
        assertThat(renewal.path("reference").asString()).isEqualTo(orderId);
        // Before renewing, the old link's request was read with the API key, not the link (that needs a client id).
        List<FakeProvider.Call> reads =
                PROVIDER.requestReadsOf(first.path("requestIds").get(0).asString());
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).headers()).containsEntry("x-api-key", FakeProvider.API_KEY);
        assertThat(PROVIDER.linkReadsOf(first.path("token").asString())).isEmpty();

        List<LinkEvent> events = publishedLinkEvents(orderId);
        assertThat(events)
                .extracting(LinkEvent::type)
                .containsExactly("payment-link.created", "payment-link.expired", "payment-link.renewed");
        PaymentLinkRenewed renewed = (PaymentLinkRenewed) events.get(2);
        assertThat(redirect.headers().firstValue("Location")).hasValue(renewed.securePaymentUrl());
        assertThat(renewed.previousToken()).isEqualTo(first.path("token").asString());
        assertThat(renewed.amount()).isEqualByComparingTo("12.00");
        assertThat(renewed.expectedAmount()).isEqualByComparingTo("12.00");
        assertThat(renewed.currency()).isEqualTo("USDC");
        assertThat(renewed.expiresAt()).isEqualTo(renewed.createdAt().plus(Duration.ofDays(7)));
        assertThat(((PaymentLinkExpired) events.get(1)).token())
                .isEqualTo(first.path("token").asString());

        // The new link is payable: the next visit is sent straight there.
        HttpResponse<String> again = pay(orderId, null);
        assertThat(again.headers().firstValue("Location")).hasValue(renewed.securePaymentUrl());
        assertThat(PROVIDER.createsFor(orderId)).hasSize(2);
    }

    @Test
    void partlyPaidOrderIsRenewedForTheRemainingAmountAndEveryLinkIsKept() {
        String orderId = newOrderId();
        JsonNode first = create(orderId, "10.00");
        OrderPaymentStatusChanged partlyPaid = statusChange(orderId, PaymentStatus.PARTIALLY_PAID, 1, "4.00", "10.00");
        learnStatus(partlyPaid);
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> redirect = pay(orderId, null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        JsonNode renewal = PROVIDER.createsFor(orderId).get(1).body();
        assertThat(renewal.path("requests").get(0).path("amount").asString()).isEqualTo("6.00");
        List<LinkEvent> events = publishedLinkEvents(orderId);
        PaymentLinkRenewed renewed = (PaymentLinkRenewed) events.get(events.size() - 1);
        assertThat(renewed.amount()).isEqualByComparingTo("6.00");
        assertThat(renewed.expectedAmount()).isEqualByComparingTo("10.00");
        assertThat(renewed.previousToken()).isEqualTo(first.path("token").asString());
        assertThat(renewed.requestIds()).doesNotContainAnyElementsOf(((PaymentLinkCreated) events.get(0)).requestIds());

        // Part 4: both links are stored with everything the provider returned.
        List<Map<String, Object>> rows =
                jdbc.sql("""
                        SELECT token, secure_payment_url, array_to_string(request_ids, ',') AS request_ids, amount,
                               fee_plan::text AS fee_plan, status, previous_token, created_at, expires_at,
                               expiry_announced_at
                        FROM payment_link WHERE order_id = :orderId ORDER BY created_at
                        """).param("orderId", orderId).query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("token", first.path("token").asString())
                .containsEntry("amount", new BigDecimal("10.00"))
                .containsEntry("status", "EXPIRED")
                .containsEntry("previous_token", null);
        assertThat(rows.get(0).get("expiry_announced_at")).isNotNull();
        assertThat(rows.get(1))
                .containsEntry("token", renewed.token())
                .containsEntry("secure_payment_url", renewed.securePaymentUrl())
                .containsEntry("request_ids", String.join(",", renewed.requestIds()))
                .containsEntry("amount", new BigDecimal("6.00"))
                .containsEntry("status", "ACTIVE")
                .containsEntry("previous_token", first.path("token").asString());
        assertThat(rows.get(1).get("fee_plan").toString()).contains("feePercentage");

        // Part 9: the read model shows the current link, the earlier one and the known payment status.
        JsonNode order =
                JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body());
        assertThat(order.path("token").asString()).isEqualTo(renewed.token());
        assertThat(order.path("amount").asString()).isEqualTo("6.00");
        assertThat(order.path("expectedAmount").asString()).isEqualTo("10.00");
        assertThat(order.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(order.path("previousToken").asString())
                .isEqualTo(first.path("token").asString());
        assertThat(order.path("payUrl").asString()).isEqualTo("https://links.example.com/pay/" + orderId);
        assertThat(order.path("earlierLinks")).hasSize(1);
        JsonNode earlier = order.path("earlierLinks").get(0);
        assertThat(earlier.path("token").asString())
                .isEqualTo(first.path("token").asString());
        assertThat(earlier.path("status").asString()).isEqualTo("EXPIRED");
        assertThat(earlier.path("amount").asString()).isEqualTo("10.00");
        assertThat(earlier.path("requestIds").get(0).asString())
                .isEqualTo(first.path("requestIds").get(0).asString());
        // When the expiry was announced (the renewal, after the link's expiry), not the expiry itself.
        assertThat(earlier.has("expiredAt")).isFalse();
        assertThat(Instant.parse(earlier.path("expiryAnnouncedAt").asString()))
                .isAfter(Instant.parse(earlier.path("expiresAt").asString()));
        JsonNode status = order.path("paymentStatus");
        assertThat(status.path("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(status.path("paidAmount").asString()).isEqualTo("4.00");
        assertThat(status.path("expectedAmount").asString()).isEqualTo("10.00");
        assertThat(status.path("currency").asString()).isEqualTo("USD");
        assertThat(status.path("sequence").asLong()).isEqualTo(1);
        assertThat(status.path("eventId").asString())
                .isEqualTo(partlyPaid.eventId().toString());
        assertThat(status.path("source").asString()).isEqualTo("orders.payment-status.v1");
    }

    /** The sweep may announce the expiry first; renewal then does not announce it again. */
    @Test
    void linkExpiredBySweepIsRenewedWithoutASecondExpiry() {
        String orderId = newOrderId();
        create(orderId, "3");
        clock().advance(PAST_EXPIRY);
        sweep.sweep();

        assertThat(pay(orderId, null).statusCode()).isEqualTo(302);

        assertThat(publishedLinkEvents(orderId))
                .extracting(LinkEvent::type)
                .containsExactly("payment-link.created", "payment-link.expired", "payment-link.renewed");
    }

    @Test
    void paidOrderGetsNoNewLinkButAPaidPageForBrowsersAndAProblemForApiClients() {
        String orderId = newOrderId();
        create(orderId, "10.00");
        learnStatus(statusChange(orderId, PaymentStatus.PAID, 1, "10.00", "10.00"));

        HttpResponse<String> browser = pay(orderId, BROWSER);
        HttpResponse<String> api = pay(orderId, "application/json");
        clock().advance(PAST_EXPIRY);
        HttpResponse<String> afterExpiry = pay(orderId, null);

        assertThat(browser.statusCode()).isEqualTo(409);
        assertThat(browser.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(browser.body())
                .contains("<html")
                .contains("This order is paid")
                .contains(orderId);
        assertThat(browser.headers().firstValue("Location")).isEmpty();
        assertProblem(api, 409);
        JsonNode problem = JSON.readTree(api.body());
        assertThat(problem.path("paymentStatus").asString()).isEqualTo("PAID");
        assertThat(problem.path("paidAmount").asString()).isEqualTo("10.00");
        assertProblem(afterExpiry, 409);
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
        assertThat(publishedLinkEvents(orderId)).extracting(LinkEvent::type).containsExactly("payment-link.created");
    }

    @Test
    void refundedOrderGetsNoNewLinkEither() {
        String orderId = newOrderId();
        create(orderId, "10.00");
        learnStatus(statusChange(orderId, PaymentStatus.REFUNDED, 2, "10.00", "10.00"));
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> browser = pay(orderId, BROWSER);

        assertThat(browser.statusCode()).isEqualTo(409);
        assertThat(browser.body()).contains("refunded");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
    }

    /**
     * The reconciler has not reported the payment yet, but the provider says the expired link's request was paid. Our
     * credential is an API key, which the provider refuses for {@code GET /v2/secure-payments/{token}}: the answer
     * comes from {@code GET /v2/request/{requestId}}.
     */
    @Test
    void linkWhoseRequestTheProviderReportsPaidMakesTheOrderPaidWithoutANewLink() {
        String orderId = newOrderId();
        JsonNode link = create(orderId, "10.00");
        String requestId = link.path("requestIds").get(0).asString();
        PROVIDER.answerRequest(requestId, 200, """
                {"requestId":"%s","hasBeenPaid":true,"status":"paid","txHash":"0xabc","requestAmount":"10.00",
                 "paidAmount":"10.00","excessAmount":"0","payments":[]}
                """.formatted(requestId));
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> first = pay(orderId, null);
        HttpResponse<String> second = pay(orderId, BROWSER);

        assertProblem(first, 409);
        assertThat(JSON.readTree(first.body()).path("source").asString()).isEqualTo("provider");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("This order is paid");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
        assertThat(PROVIDER.requestReadsOf(requestId)).hasSize(1);
        JsonNode order =
                JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body());
        assertThat(order.path("paymentStatus").path("status").asString()).isEqualTo("PAID");
        assertThat(order.path("paymentStatus").path("source").asString()).isEqualTo("provider");
        // The sweep may have announced the expiry before the provider was asked; no renewal either way.
        assertThat(publishedLinkEvents(orderId))
                .extracting(LinkEvent::type)
                .startsWith("payment-link.created")
                .doesNotContain("payment-link.renewed");
    }

    /** A part paid to the expired link that the reconciler has not counted yet is not asked for again. */
    @Test
    void partPaidAtTheProviderButNotYetReportedIsDeductedFromTheNewLink() {
        String orderId = newOrderId();
        String requestId = create(orderId, "10.00").path("requestIds").get(0).asString();
        PROVIDER.answerRequest(requestId, 200, """
                {"requestId":"%s","hasBeenPaid":false,"status":"partially_paid","requestAmount":"10.00",
                 "paidAmount":"4.00","excessAmount":"0","payments":[]}
                """.formatted(requestId));
        clock().advance(PAST_EXPIRY);

        assertThat(pay(orderId, null).statusCode()).isEqualTo(302);

        assertThat(PROVIDER.createsFor(orderId)).hasSize(2);
        assertThat(PROVIDER.createsFor(orderId)
                        .get(1)
                        .body()
                        .path("requests")
                        .get(0)
                        .path("amount")
                        .asString())
                .isEqualTo("6.00");
    }

    /** Without the provider's word that the expired link is unpaid, a second link could be paid twice: none is made. */
    @Test
    void renewalIsRefusedWhileTheProviderCannotSayWhetherTheExpiredLinkWasPaid() {
        String orderId = newOrderId();
        JsonNode link = create(orderId, "10.00");
        String requestId = link.path("requestIds").get(0).asString();
        PROVIDER.answerRequest(requestId, 401, "{\"message\":\"Unauthorized\",\"statusCode\":401}");
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> refused = pay(orderId, null);

        assertProblem(refused, 502);
        assertThat(JSON.readTree(refused.body()).path("reason").asString()).isEqualTo("bad-credential");
        assertThat(PROVIDER.createsFor(orderId)).hasSize(1);
        assertThat(JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body())
                        .path("token")
                        .asString())
                .isEqualTo(link.path("token").asString());
    }

    /** 409 is not among the create's documented answers: a provider failure, which says nothing about payment. */
    @Test
    void renewalTheProviderAnswersWithAnUndocumentedConflictIsABadGatewayAndTheOrderStaysUnpaid() {
        String orderId = newOrderId();
        create(orderId, "10.00");
        PROVIDER.answer(orderId, 409, "{\"message\":\"Secure payment has already been completed\"}");
        clock().advance(PAST_EXPIRY);

        HttpResponse<String> response = pay(orderId, null);

        assertProblem(response, 502);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("providerStatus").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asString()).contains("409");
        assertThat(jdbc.sql("SELECT count(*) FROM payment_link WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT provider_completed_at IS NULL FROM payment_order WHERE order_id = :orderId")
                        .param("orderId", orderId)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body())
                        .path("paymentStatus")
                        .path("status")
                        .asString())
                .isEqualTo("AWAITING_PAYMENT");
    }

    @Test
    void failedRenewalChangesNothingAndCanBeRetried() {
        String orderId = newOrderId();
        String token = create(orderId, "10.00").path("token").asString();
        PROVIDER.answer(orderId, 500, "{\"message\":\"Internal error\"}");
        clock().advance(PAST_EXPIRY);

        assertProblem(pay(orderId, null), 502);
        assertThat(JSON.readTree(get("/api/payment-links/" + orderId, API_KEY).body())
                        .path("token")
                        .asString())
                .isEqualTo(token);

        PROVIDER.answer(orderId, 201, """
                {"requestIds":["01retry%s"],"securePaymentUrl":"https://pay.request.network/?token=01RETRY",
                 "token":"01RETRY%s"}
                """.formatted(orderId.hashCode(), orderId.substring(6)));
        HttpResponse<String> retried = pay(orderId, null);
        assertThat(retried.statusCode()).isEqualTo(302);
        assertThat(retried.headers().firstValue("Location")).hasValue("https://pay.request.network/?token=01RETRY");
    }

    /**
     * As many payers as {@code links.provider-concurrency} allows open the expired link at once. The renewal's
     * provider call is held until the others are seen waiting for the order's claim, so all overlap; they all land on
     * the one new link.
     */
    @Test
    void concurrentVisitsOfAnExpiredLinkMakeOneNewLink() throws Exception {
        String orderId = newOrderId();
        create(orderId, "8.00");
        clock().advance(PAST_EXPIRY);
        FakeProvider.Hold hold = PROVIDER.hold(orderId);
        ExecutorService payers = Executors.newFixedThreadPool(PROVIDER_CONCURRENCY);
        try {
            List<Future<HttpResponse<String>>> visits = IntStream.range(0, PROVIDER_CONCURRENCY)
                    .mapToObj(i -> payers.submit(() -> pay(orderId, BROWSER)))
                    .toList();

            await().atMost(EVENTUALLY).until(() -> PROVIDER.createsFor(orderId).size() == 2);
            await().atMost(EVENTUALLY).until(() -> claims.waitingFor(orderId) == PROVIDER_CONCURRENCY - 1);
            hold.release();

            List<String> locations = new ArrayList<>();
            for (Future<HttpResponse<String>> visit : visits) {
                HttpResponse<String> response = visit.get();
                assertThat(response.statusCode()).isEqualTo(302);
                locations.add(response.headers().firstValue("Location").orElseThrow());
            }
            assertThat(locations).hasSize(PROVIDER_CONCURRENCY).containsOnly(locations.get(0));
            assertThat(PROVIDER.createsFor(orderId)).hasSize(2);
            assertThat(publishedLinkEvents(orderId))
                    .extracting(LinkEvent::type)
                    .containsExactly("payment-link.created", "payment-link.expired", "payment-link.renewed");
        } finally {
            hold.release();
            payers.shutdownNow();
        }
    }
}

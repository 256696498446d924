package io.payrecon.systemtests.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.events.PaymentStatus;
import io.payrecon.launcher.ledger.Discrepancy;
import io.payrecon.launcher.ledger.LedgerComparison;
import io.payrecon.launcher.ledger.Observations;
import io.payrecon.launcher.ledger.Observations.ObservedOrder;
import io.payrecon.launcher.ledger.Observations.ParkedWebhook;
import io.payrecon.launcher.ledger.Observations.PublishedStatus;
import io.payrecon.launcher.ledger.Observations.RecordedDelivery;
import io.payrecon.launcher.ledger.OrderExpectation;
import io.payrecon.launcher.traffic.SandboxDelivery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ledger's rules one by one: a consistent ledger passes, and each kind of loss or doubling is reported. */
class LedgerComparisonTest {

    private static final String ORDER = "order-1";
    private static final String REQUEST = "01aa";
    private static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID SECOND = UUID.fromString("00000000-0000-0000-0000-000000000002");

    private final List<OrderExpectation> expected = new ArrayList<>(List.of(paidInFull()));
    private final List<SandboxDelivery> accepted = new ArrayList<>(List.of(accepted("d1", "payment.confirmed")));
    private final Map<String, ObservedOrder> orders = new HashMap<>(Map.of(ORDER, observed("PAID", "25.00", 1)));
    private final Map<String, List<PublishedStatus>> events =
            new HashMap<>(Map.of(ORDER, List.of(new PublishedStatus(FIRST, 1, "PAID", new BigDecimal("25.00")))));
    private final Map<String, RecordedDelivery> recorded =
            new HashMap<>(Map.of("d1", new RecordedDelivery("d1", "APPLIED", null)));
    private Map<String, Long> outboxBacklog = Map.of("link_service", 0L, "reconciler", 0L);
    private List<ParkedWebhook> parked = List.of();
    private Set<String> deadLettered = Set.of();
    private Set<String> lostTrack = Set.of();

    @Test
    void consistentLedgerHasNoDiscrepancies() {
        assertThat(compare()).isEmpty();
    }

    @Test
    void paymentCountedTwiceIsReportedForItsOrder() {
        orders.put(ORDER, observed("PAID", "50.00", 1));
        events.put(ORDER, List.of(new PublishedStatus(FIRST, 1, "PAID", new BigDecimal("50.00"))));

        assertThat(compare()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("order " + ORDER);
            assertThat(d.problem()).contains("paid amount 50.00, the provider received 25.00", "counted twice");
        });
    }

    @Test
    void orderStuckBeforeItsLastPaymentIsReported() {
        orders.put(ORDER, observed("PARTIALLY_PAID", "12.50", 1));
        events.put(ORDER, List.of(new PublishedStatus(FIRST, 1, "PARTIALLY_PAID", new BigDecimal("12.50"))));

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .anyMatch(problem -> problem.startsWith("status PARTIALLY_PAID, expected PAID"))
                .anyMatch(problem -> problem.startsWith("paid amount 12.50"));
    }

    @Test
    void orderTheReconcilerNeverHeardOfIsReported() {
        orders.clear();
        events.clear();

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .singleElement()
                .asString()
                .contains("404");
    }

    @Test
    void gapInTheStatusSequenceIsReported() {
        orders.put(ORDER, observed("PAID", "25.00", 3));
        events.put(
                ORDER,
                List.of(
                        new PublishedStatus(FIRST, 1, "PARTIALLY_PAID", new BigDecimal("12.50")),
                        new PublishedStatus(SECOND, 3, "PAID", new BigDecimal("25.00"))));

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .singleElement()
                .asString()
                .contains("[1, 3], not 1..3 (missing [2])");
    }

    @Test
    void republishedEventIsNotAGapButTwoEventsForOneSequenceAre() {
        events.put(
                ORDER,
                List.of(
                        new PublishedStatus(FIRST, 1, "PAID", new BigDecimal("25.00")),
                        new PublishedStatus(FIRST, 1, "PAID", new BigDecimal("25.00"))));
        assertThat(compare()).isEmpty();

        events.put(
                ORDER,
                List.of(
                        new PublishedStatus(FIRST, 1, "PAID", new BigDecimal("25.00")),
                        new PublishedStatus(SECOND, 1, "PAID", new BigDecimal("25.00"))));
        assertThat(compare())
                .extracting(Discrepancy::problem)
                .singleElement()
                .asString()
                .contains("sequence 1 was published by 2 different events");
    }

    @Test
    void lastStatusEventDisagreeingWithTheApiIsReported() {
        events.put(ORDER, List.of(new PublishedStatus(FIRST, 1, "PARTIALLY_PAID", new BigDecimal("25.00"))));

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .singleElement()
                .asString()
                .contains("the last status event (sequence 1) says PARTIALLY_PAID, the API says PAID");
    }

    @Test
    void deliveryTheGatewayAcceptedButTheReconcilerNeverRecordedIsReportedForItsOrder() {
        accepted.add(accepted("d2", "payment.confirmed.checkout"));

        assertThat(compare()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("order " + ORDER);
            assertThat(d.problem()).contains("webhook d2", "no record of it");
        });
    }

    @Test
    void deadLetteredDeliveryIsAccountedFor() {
        accepted.add(accepted("d2", "payment.confirmed.checkout"));
        deadLettered = Set.of("d2");

        assertThat(compare()).isEmpty();
    }

    @Test
    void deliveryIgnoredWithoutAReasonOrNeverSettledIsReported() {
        accepted.add(accepted("d2", "payment.confirmed.checkout"));
        accepted.add(accepted("d3", "payment.confirmed.client_id"));
        recorded.put("d2", new RecordedDelivery("d2", "IGNORED", null));
        recorded.put("d3", new RecordedDelivery("d3", "RECEIVED", null));

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .containsExactlyInAnyOrder(
                        "webhook d2 (payment.confirmed.checkout, request 01aa) was ignored without a reason",
                        "webhook d3 (payment.confirmed.client_id, request 01aa) is recorded with outcome RECEIVED,"
                                + " never settled");
    }

    @Test
    void webhookLeftParkedAfterItsLinkArrivedIsReported() {
        parked = List.of(new ParkedWebhook("d9", REQUEST, ORDER));

        assertThat(compare())
                .extracting(Discrepancy::problem)
                .singleElement()
                .asString()
                .contains("still parked");
    }

    @Test
    void undrainedOutboxAndLostDeliveriesAreSystemDiscrepancies() {
        outboxBacklog = Map.of("link_service", 0L, "reconciler", 3L);
        lostTrack = Set.of("d7");

        assertThat(compare())
                .allSatisfy(d -> assertThat(d.subject()).isEqualTo("system"))
                .extracting(Discrepancy::problem)
                .anyMatch(problem -> problem.equals("outbox reconciler.outbox_record not drained: 3 rows left"))
                .anyMatch(problem ->
                        problem.startsWith("1 deliveries were forgotten by the sandbox before they settled"));
    }

    @Test
    void impliedStatusFollowsTheMoneyAndOnlyDeliveredFailures() {
        BigDecimal amount = new BigDecimal("20.00");
        assertThat(OrderExpectation.implied(amount, amount, amount, false)).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(OrderExpectation.implied(amount, amount, new BigDecimal("5"), false))
                .isEqualTo(PaymentStatus.PAID);
        assertThat(OrderExpectation.implied(amount, new BigDecimal("10"), BigDecimal.ZERO, true))
                .isEqualTo(PaymentStatus.PARTIALLY_PAID);
        assertThat(OrderExpectation.implied(amount, BigDecimal.ZERO, BigDecimal.ZERO, true))
                .isEqualTo(PaymentStatus.PAYMENT_FAILED);
        assertThat(OrderExpectation.implied(amount, BigDecimal.ZERO, BigDecimal.ZERO, false))
                .as("a failure no webhook reported cannot be known: polling shows nothing paid")
                .isEqualTo(PaymentStatus.AWAITING_PAYMENT);
    }

    private List<Discrepancy> compare() {
        return LedgerComparison.compare(
                expected,
                accepted,
                lostTrack,
                new Observations(orders, events, recorded, deadLettered, parked, outboxBacklog, Map.of(), List.of()));
    }

    private static OrderExpectation paidInFull() {
        BigDecimal amount = new BigDecimal("25.00");
        return new OrderExpectation(ORDER, true, PaymentStatus.PAID, amount, amount, BigDecimal.ZERO, Set.of(REQUEST));
    }

    private static ObservedOrder observed(String status, String paid, long lastSequence) {
        return new ObservedOrder(
                ORDER, status, new BigDecimal("25.00"), new BigDecimal(paid), BigDecimal.ZERO, lastSequence);
    }

    private static SandboxDelivery accepted(String id, String event) {
        return new SandboxDelivery(
                id,
                event,
                REQUEST,
                false,
                "delivered",
                null,
                List.of(),
                List.of(new SandboxDelivery.Attempt(0, Instant.parse("2026-01-01T00:00:00Z"), "HTTP 200")));
    }
}

package io.payrecon.launcher.ledger;

import io.payrecon.events.PaymentStatus;
import io.payrecon.launcher.ledger.Observations.ObservedOrder;
import io.payrecon.launcher.ledger.Observations.PublishedStatus;
import io.payrecon.launcher.ledger.Observations.RecordedDelivery;
import io.payrecon.launcher.traffic.SandboxDelivery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The ledger's rules, as a pure function of what was expected and what was observed, so each rule is tested on its
 * own (a check that cannot fail proves nothing).
 */
public final class LedgerComparison {

    /** What the reconciler may have made of a delivery it consumed (its {@code Outcome}s, RECEIVED excepted). */
    static final Set<String> SETTLED_OUTCOMES =
            Set.of("APPLIED", "UNCHANGED", "DUPLICATE", "PARKED", "TEST", "IGNORED");

    private LedgerComparison() {}

    /**
     * @param expected one entry per order the driver placed
     * @param accepted the deliveries the gateway answered 2xx
     * @param lostTrack deliveries whose fate the driver does not know
     */
    public static List<Discrepancy> compare(
            List<OrderExpectation> expected,
            List<SandboxDelivery> accepted,
            Set<String> lostTrack,
            Observations observed) {
        List<Discrepancy> found = new ArrayList<>();
        observed.unreadable().forEach(what -> found.add(Discrepancy.system("could not read " + what)));
        observed.outboxBacklog().forEach((schema, rows) -> {
            if (rows > 0) {
                found.add(Discrepancy.system(
                        "outbox %s.outbox_record not drained: %d rows left".formatted(schema, rows)));
            }
        });
        observed.consumerLag().forEach((group, lag) -> {
            if (lag > 0) {
                found.add(Discrepancy.system(
                        "consumer group %s has not caught up: %d records behind".formatted(group, lag)));
            }
        });
        if (!lostTrack.isEmpty()) {
            found.add(
                    Discrepancy.system(("%d deliveries were forgotten by the sandbox before they settled (its delivery"
                                    + " log cleared, or a restart without SANDBOX_DATA_DIR), so whether the gateway"
                                    + " accepted them is unknown: %s")
                            .formatted(
                                    lostTrack.size(),
                                    lostTrack.stream().sorted().limit(5).toList())));
        }
        for (OrderExpectation order : expected) {
            compareOrder(order, observed, found);
        }
        Map<String, String> orderOfRequest = new HashMap<>();
        expected.forEach(order -> order.requestIds().forEach(id -> orderOfRequest.put(id, order.orderId())));
        for (SandboxDelivery delivery : accepted) {
            compareDelivery(delivery, orderOfRequest.get(delivery.requestId()), observed, found);
        }
        observed.parkedWithKnownLink()
                .forEach(parked -> found.add(Discrepancy.order(
                        parked.orderId(),
                        "webhook %s is still parked although its request %s belongs to the order"
                                .formatted(parked.deliveryId(), parked.requestId()))));
        return found;
    }

    private static void compareOrder(OrderExpectation expected, Observations observed, List<Discrepancy> found) {
        String id = expected.orderId();
        ObservedOrder order = observed.orders().get(id);
        List<PublishedStatus> events = observed.statusEvents().getOrDefault(id, List.of());
        if (order == null) {
            if (expected.exists()) {
                found.add(Discrepancy.order(
                        id,
                        "unknown to the reconciler (404), although link-service created it; expected "
                                + expected.describe()));
            } else if (!events.isEmpty()) {
                found.add(Discrepancy.order(id, "status events published for an order that was never created"));
            }
            return;
        }
        if (!expected.exists()) {
            found.add(Discrepancy.order(id, "the reconciler knows an order link-service never created: " + order));
            return;
        }
        if (!expected.status().name().equals(order.status())) {
            found.add(Discrepancy.order(id, "status %s, expected %s".formatted(order.status(), expected.describe())));
        }
        if (order.paid() == null || order.paid().compareTo(expected.paid()) != 0) {
            String twice = order.paid() != null && order.paid().compareTo(expected.paid()) > 0
                    ? " (a payment counted twice?)"
                    : "";
            found.add(Discrepancy.order(
                    id,
                    "paid amount %s, the provider received %s%s"
                            .formatted(plain(order.paid()), expected.paid().toPlainString(), twice)));
        }
        if (order.refunded() != null && order.refunded().compareTo(expected.refunded()) != 0) {
            found.add(Discrepancy.order(
                    id,
                    "refunded amount %s, the provider refunded %s"
                            .formatted(
                                    plain(order.refunded()), expected.refunded().toPlainString())));
        }
        if (order.expectedAmount() == null || order.expectedAmount().compareTo(expected.expectedAmount()) != 0) {
            found.add(Discrepancy.order(
                    id,
                    "expected amount %s, the order was created for %s"
                            .formatted(
                                    plain(order.expectedAmount()),
                                    expected.expectedAmount().toPlainString())));
        }
        compareStatusEvents(order, events, found);
    }

    private static void compareStatusEvents(
            ObservedOrder order, List<PublishedStatus> events, List<Discrepancy> found) {
        String id = order.orderId();
        TreeMap<Long, Map<UUID, PublishedStatus>> bySequence = new TreeMap<>();
        for (PublishedStatus event : events) {
            bySequence
                    .computeIfAbsent(event.sequence(), s -> new LinkedHashMap<>())
                    .putIfAbsent(event.eventId(), event);
        }
        bySequence.forEach((sequence, distinct) -> {
            if (distinct.size() > 1) {
                found.add(Discrepancy.order(
                        id,
                        "sequence %d was published by %d different events: %s"
                                .formatted(sequence, distinct.size(), distinct.values())));
            }
        });
        long last = bySequence.isEmpty() ? 0 : bySequence.lastKey();
        List<Long> expectedSequences = LongStream.rangeClosed(1, last).boxed().toList();
        if (!List.copyOf(bySequence.keySet()).equals(expectedSequences)) {
            List<Long> missing = expectedSequences.stream()
                    .filter(sequence -> !bySequence.containsKey(sequence))
                    .toList();
            found.add(Discrepancy.order(
                    id,
                    "status event sequences on the topic are %s, not 1..%d (missing %s)"
                            .formatted(bySequence.keySet(), last, missing)));
        }
        if (bySequence.isEmpty()) {
            if (!PaymentStatus.AWAITING_PAYMENT.name().equals(order.status())) {
                found.add(Discrepancy.order(id, "no status event on the topic, but the API says " + order.status()));
            }
            return;
        }
        PublishedStatus latest = bySequence.get(last).values().stream()
                .max(Comparator.comparing(PublishedStatus::eventId))
                .orElseThrow();
        if (!latest.status().equals(order.status())) {
            found.add(Discrepancy.order(
                    id,
                    "the last status event (sequence %d) says %s, the API says %s"
                            .formatted(last, latest.status(), order.status())));
        }
        if (order.paid() != null && latest.paid() != null && latest.paid().compareTo(order.paid()) != 0) {
            found.add(Discrepancy.order(
                    id,
                    "the last status event (sequence %d) says paid %s, the API says %s"
                            .formatted(
                                    last,
                                    latest.paid().toPlainString(),
                                    order.paid().toPlainString())));
        }
        if (order.lastSequence() >= 0 && order.lastSequence() != last) {
            found.add(Discrepancy.order(
                    id,
                    "the API's history ends at sequence %d, the topic at %d".formatted(order.lastSequence(), last)));
        }
    }

    private static void compareDelivery(
            SandboxDelivery delivery, String orderId, Observations observed, List<Discrepancy> found) {
        String what =
                "webhook %s (%s, request %s)".formatted(delivery.deliveryId(), delivery.event(), delivery.requestId());
        RecordedDelivery recorded = observed.recordedDeliveries().get(delivery.deliveryId());
        String problem = null;
        if (recorded == null) {
            if (!observed.deadLettered().contains(delivery.deliveryId())) {
                problem = what + " was accepted by the gateway but the reconciler has no record of it";
            }
        } else if (!SETTLED_OUTCOMES.contains(recorded.outcome())) {
            problem = what + " is recorded with outcome " + recorded.outcome() + ", never settled";
        } else if (recorded.outcome().equals("IGNORED")
                && (recorded.reason() == null || recorded.reason().isBlank())) {
            problem = what + " was ignored without a reason";
        }
        if (problem != null) {
            found.add(orderId != null ? Discrepancy.order(orderId, problem) : Discrepancy.system(problem));
        }
    }

    /** The discrepancies by subject, orders first in id order, then the system's. */
    public static Map<String, List<String>> bySubject(List<Discrepancy> discrepancies) {
        return discrepancies.stream()
                .sorted(Comparator.comparing((Discrepancy d) -> d.subject().equals(Discrepancy.SYSTEM))
                        .thenComparing(Discrepancy::subject))
                .collect(Collectors.groupingBy(
                        Discrepancy::subject,
                        LinkedHashMap::new,
                        Collectors.mapping(Discrepancy::problem, Collectors.toList())));
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "(none)" : amount.toPlainString();
    }
}

package io.payrecon.launcher.traffic;

import io.payrecon.benchkit.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the driver did and saw: every order it placed with its steps, every webhook delivery the sandbox made with
 * each attempt's answer, and the latencies, measured from intended times.
 *
 * @param startedAt when the driver started; the orders' nanosecond times count from {@code startedNanos}
 * @param lostTrack deliveries the sandbox forgot before they settled (its log cleared, or a restart without a data
 *     directory; see {@link DeliveryLogWatcher}): none in a run that does neither
 * @param create link-service create, intended time → answered with a link (retries included)
 * @param settle sandbox control call, intended time → answered
 * @param statusEvent payment step's intended time → its status event read from {@code orders.payment-status.v1}
 */
public record TrafficRecord(
        Instant startedAt,
        long startedNanos,
        Duration arrivals,
        List<PlacedOrder> orders,
        Map<String, SandboxDelivery> deliveries,
        Set<String> lostTrack,
        LatencyHistogram create,
        LatencyHistogram settle,
        LatencyHistogram statusEvent) {

    public TrafficRecord {
        orders = List.copyOf(orders);
        deliveries = Map.copyOf(deliveries);
        lostTrack = Set.copyOf(lostTrack);
    }

    /** The wall-clock time of a driver time. */
    public Instant instantOf(long nanos) {
        return startedAt.plusNanos(nanos - startedNanos);
    }

    /** The deliveries the gateway answered 2xx at least once: each must have reached the reconciler. */
    public List<SandboxDelivery> acceptedDeliveries() {
        return deliveries.values().stream()
                .filter(SandboxDelivery::acceptedByGateway)
                .toList();
    }

    /** A few lines for people. */
    public String summary() {
        Map<PlacedOrder.Creation, Integer> creations = new EnumMap<>(PlacedOrder.Creation.class);
        orders.forEach(order -> creations.merge(order.creation(), 1, Integer::sum));
        long steps = orders.stream().mapToLong(order -> order.steps().size()).sum();
        long answered = orders.stream()
                .flatMap(order -> order.steps().stream())
                .filter(step -> step.httpStatus() / 100 == 2)
                .count();
        long retried =
                orders.stream().filter(order -> order.createAttempts() > 1).count();
        long accepted = deliveries.values().stream()
                .filter(SandboxDelivery::acceptedByGateway)
                .count();
        long failed = deliveries.values().stream()
                .filter(d -> d.status().equals("failed"))
                .count();
        long withFailedAttempt = deliveries.values().stream()
                .filter(SandboxDelivery::hadFailedAttempt)
                .count();
        long duplicates = deliveries.values().stream()
                .filter(d -> d.duplicateOf() != null
                        || d.attempts().stream()
                                        .filter(SandboxDelivery.Attempt::succeeded)
                                        .count()
                                > 1)
                .count();
        long reordered = deliveries.values().stream()
                .filter(d -> d.faults().stream().anyMatch(f -> f.startsWith("reorder")))
                .count();
        return String.join(
                "\n",
                "Orders: %d placed over %d s (%s), %d created only after retrying"
                        .formatted(orders.size(), arrivals.toSeconds(), creations, retried),
                "Payment steps: %d planned, %d answered 2xx by the sandbox".formatted(steps, answered),
                ("Deliveries: %d made, %d accepted by the gateway, %d had a failed attempt, %d failed for good"
                                + " (to be recovered by polling), %d duplicated, %d reordered, %d lost track of")
                        .formatted(
                                deliveries.size(),
                                accepted,
                                withFailedAttempt,
                                failed,
                                duplicates,
                                reordered,
                                lostTrack.size()),
                create.summary(),
                settle.summary(),
                statusEvent.summary());
    }
}

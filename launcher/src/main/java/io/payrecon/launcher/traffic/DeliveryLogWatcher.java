package io.payrecon.launcher.traffic;

import io.payrecon.launcher.SystemHttp;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Follows the sandbox's delivery log ({@code GET /sandbox/deliveries}), which keeps only the last 2,000
 * deliveries: polled often enough, every delivery is seen in its final state. A delivery that left the log before
 * it settled is counted as lost track of, because the ledger would then not know whether the gateway accepted it.
 */
final class DeliveryLogWatcher {

    private final String sandboxUrl;
    private final PrintStream log;
    private final Map<String, SandboxDelivery> deliveries = new LinkedHashMap<>();
    private final Set<String> lostTrack = new HashSet<>();
    private int failedPolls;

    DeliveryLogWatcher(String sandboxUrl, PrintStream log) {
        this.sandboxUrl = sandboxUrl;
        this.log = log;
    }

    /** Reads the log once and merges it into what was seen before. */
    synchronized void poll() {
        List<JsonNode> all;
        try {
            all = SystemHttp.allPages(sandboxUrl + "/sandbox/deliveries", "deliveries");
        } catch (RuntimeException e) {
            noteFailedPoll(e.toString());
            return;
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode node : all) {
            SandboxDelivery delivery = read(node);
            listed.add(delivery.deliveryId());
            deliveries.put(delivery.deliveryId(), delivery);
            lostTrack.remove(delivery.deliveryId());
        }
        for (SandboxDelivery known : deliveries.values()) {
            if (!known.settled() && !listed.contains(known.deliveryId())) {
                lostTrack.add(known.deliveryId());
            }
        }
    }

    /** Deliveries the sandbox is still working on: pending, held by the reorder fault, or between retries. */
    synchronized long unsettled() {
        return deliveries.values().stream().filter(d -> !d.settled()).count();
    }

    synchronized Map<String, SandboxDelivery> snapshot() {
        return new LinkedHashMap<>(deliveries);
    }

    synchronized Set<String> lostTrack() {
        return Set.copyOf(lostTrack);
    }

    /** Polls until nothing is under way any more, at most {@code patience}. */
    void awaitSettled(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            poll();
            if (unsettled() == 0 || System.nanoTime() > deadline) {
                return;
            }
            Pacing.sleep(Duration.ofSeconds(1));
        }
    }

    private void noteFailedPoll(String why) {
        if (failedPolls++ % 10 == 0) {
            log.println("Could not read the sandbox's delivery log (" + why + "); trying again");
        }
    }

    private static SandboxDelivery read(JsonNode node) {
        List<SandboxDelivery.Attempt> attempts = new ArrayList<>();
        for (JsonNode attempt : node.path("attempts")) {
            attempts.add(new SandboxDelivery.Attempt(
                    attempt.path("retryCount").asInt(),
                    attempt.hasNonNull("at") ? Instant.parse(attempt.get("at").asString()) : null,
                    attempt.path("outcome").asString(null)));
        }
        List<String> faults = new ArrayList<>();
        node.path("faults").forEach(fault -> faults.add(fault.asString()));
        return new SandboxDelivery(
                node.get("deliveryId").asString(),
                node.path("event").asString(null),
                node.path("requestId").asString(null),
                node.path("test").asBoolean(false),
                node.path("status").asString("unknown"),
                node.path("duplicateOf").asString(null),
                faults,
                attempts);
    }
}

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
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Follows the sandbox's delivery log ({@code GET /sandbox/deliveries}), which keeps every delivery in the order they
 * were made (delivery ids are ULIDs) and pages by key ({@code after=<delivery id>}). A delivery changes only while it
 * is under way (pending, held, between retries: about 21 s at most, the provider's retries), so each poll reads from
 * the oldest delivery not settled yet: what is new and what may still change, never the settled past. A poll costs
 * the last half minute's deliveries, whatever the run's length or rate.
 *
 * <p>The sandbox takes a delivery's id (a ULID: its time, then randomness) a moment before it lists the delivery, so
 * two made at once may be listed in the other order: the read window therefore also keeps the deliveries of the last
 * {@link #MARGIN}, settled or not, by the time in their ids (the sandbox runs on this machine, on its clock), and a
 * delivery listed late is still read.
 *
 * <p>A delivery the watcher saw under way and then no longer finds was forgotten by the sandbox: its log was cleared
 * ({@code DELETE /sandbox/deliveries}) or it restarted without a data directory. Its fate at the gateway is unknown,
 * so it is counted as lost track of, and the ledger check reports it rather than guessing.
 */
public final class DeliveryLogWatcher {

    /** How far back from now the window starts at the latest: far more than listing a new delivery takes. */
    public static final Duration MARGIN = Duration.ofSeconds(5);

    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private final String sandboxUrl;
    private final PrintStream log;
    private final NavigableMap<String, SandboxDelivery> deliveries = new TreeMap<>();
    private final Set<String> lostTrack = new HashSet<>();
    /** Every delivery up to this id is known and settled (null: none yet); the next poll reads after it. */
    private String settledUpTo;

    private int failedPolls;
    private int readLastPoll;

    public DeliveryLogWatcher(String sandboxUrl, PrintStream log) {
        this.sandboxUrl = sandboxUrl;
        this.log = log;
    }

    /** Reads what is new or not settled yet, and merges it into what was seen before. */
    public synchronized void poll() {
        List<JsonNode> read;
        try {
            read = SystemHttp.allPages(sandboxUrl + "/sandbox/deliveries", "deliveries", settledUpTo);
        } catch (RuntimeException e) {
            noteFailedPoll(e.toString());
            return;
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode node : read) {
            SandboxDelivery delivery = read(node);
            listed.add(delivery.deliveryId());
            deliveries.put(delivery.deliveryId(), delivery);
            lostTrack.remove(delivery.deliveryId());
        }
        NavigableMap<String, SandboxDelivery> unsettledPart =
                settledUpTo == null ? deliveries : deliveries.tailMap(settledUpTo, false);
        for (SandboxDelivery known : unsettledPart.values()) {
            if (!known.settled() && !listed.contains(known.deliveryId())) {
                lostTrack.add(known.deliveryId());
            }
        }
        if (!deliveries.isEmpty()) {
            long before = System.currentTimeMillis() - MARGIN.toMillis();
            for (SandboxDelivery known : unsettledPart.values()) {
                if ((!known.settled() && !lostTrack.contains(known.deliveryId()))
                        || millisOf(known.deliveryId()) > before) {
                    break;
                }
                settledUpTo = known.deliveryId();
            }
        }
        readLastPoll = read.size();
    }

    /** How many deliveries the last poll read: the part of the log that may still change, and what is new. */
    public synchronized int readLastPoll() {
        return readLastPoll;
    }

    /** Deliveries the sandbox is still working on: pending, held by the reorder fault, or between retries. */
    public synchronized long unsettled() {
        return (settledUpTo == null ? deliveries : deliveries.tailMap(settledUpTo, false))
                .values().stream()
                        .filter(d -> !d.settled() && !lostTrack.contains(d.deliveryId()))
                        .count();
    }

    public synchronized Map<String, SandboxDelivery> snapshot() {
        return new LinkedHashMap<>(deliveries);
    }

    public synchronized Set<String> lostTrack() {
        return Set.copyOf(lostTrack);
    }

    /** Polls until nothing is under way any more, at most {@code patience}. */
    public void awaitSettled(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            poll();
            if (unsettled() == 0 || System.nanoTime() > deadline) {
                return;
            }
            Pacing.sleep(Duration.ofSeconds(1));
        }
    }

    /** The time in a delivery id, a ULID: its first 10 characters are the milliseconds, in Crockford base32. */
    static long millisOf(String deliveryId) {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            int digit = CROCKFORD.indexOf(Character.toUpperCase(deliveryId.charAt(i)));
            if (digit < 0) {
                throw new IllegalArgumentException("Not a ULID: " + deliveryId);
            }
            millis = millis << 5 | digit;
        }
        return millis;
    }

    /** Events, statuses and outcomes are a few dozen texts repeated for every delivery of a long run. */
    private static String intern(String text) {
        return text == null ? null : text.intern();
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
                    intern(attempt.path("outcome").asString(null))));
        }
        List<String> faults = new ArrayList<>();
        node.path("faults").forEach(fault -> faults.add(fault.asString().intern()));
        return new SandboxDelivery(
                node.get("deliveryId").asString(),
                intern(node.path("event").asString(null)),
                node.path("requestId").asString(null),
                node.path("test").asBoolean(false),
                node.path("status").asString("unknown").intern(),
                node.path("duplicateOf").asString(null),
                faults,
                attempts);
    }
}

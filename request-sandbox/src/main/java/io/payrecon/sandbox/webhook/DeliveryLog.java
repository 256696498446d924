package io.payrecon.sandbox.webhook;

import io.payrecon.sandbox.Ulid;
import io.payrecon.sandbox.clock.SandboxClock;
import io.payrecon.sandbox.journal.Journal;
import io.payrecon.sandbox.journal.Replayer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every delivery the sandbox made or withheld, with each attempt and its outcome, for {@code GET /sandbox/deliveries}:
 * all of them, not the most recent few, so a ledger check paging through it sees every delivery at any rate. Kept in
 * memory in delivery-id order (ids are ULIDs: the order they were made), and journaled as {@link DeliveryFact}s when
 * the sandbox has a data directory, so the log and its delivery ids survive a restart.
 *
 * <p>Memory: an entry holds no body, only the ids, the event, times as milliseconds and the attempts: about 230 bytes
 * for a delivery answered on its first attempt (226 measured, its request id shared with the request's other
 * deliveries), so a million deliveries take about 230 MB of heap. {@code DELETE /sandbox/deliveries} frees it.
 *
 * <p>A delivery still under way when the sandbox stopped (pending, held by the reorder fault, or waiting for a retry)
 * is not resumed after a restart: the journal has not its body, and a provider that lost its queue drops. It is
 * recorded as {@code abandoned}, with the reason.
 */
@Component
class DeliveryLog implements Replayer<DeliveryFact> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    static final String ABANDONED_AT_RESTART =
            "the sandbox stopped before this delivery was done; deliveries are not resumed after a restart";

    enum Status {
        /** Created, its first attempt not answered yet. */
        PENDING,
        /** Held back by the reorder fault until its batch is complete. */
        HELD,
        /** Failed at least once, a retry is scheduled. */
        RETRYING,
        /** A 2xx was received. */
        DELIVERED,
        /** Every attempt failed: dropped for good, like the provider after its last retry. */
        FAILED,
        /** Withheld by the drop fault: never sent. */
        DROPPED,
        /** Still under way when the sandbox stopped: never finished. */
        ABANDONED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }

        boolean underWay() {
            return this == PENDING || this == HELD || this == RETRYING;
        }
    }

    /** One attempt, compactly: times as epoch milliseconds, outcomes shared. */
    private record Attempt(int retryCount, long atMillis, String outcome, long millis) {

        View.Attempt view() {
            return new View.Attempt(retryCount, Instant.ofEpochMilli(atMillis), outcome, millis);
        }
    }

    private static final String[] NONE = new String[0];
    private static final Attempt[] NO_ATTEMPTS = new Attempt[0];

    /** One delivery as it stands, small: no body, arrays instead of lists; {@link #view()} is a consistent copy. */
    static final class Entry {
        private final String deliveryId;
        private final String event;
        private final String requestId;
        private final boolean test;
        private final long createdAtMillis;
        private final String duplicateOf;
        private final String[] faults;
        private Attempt[] attempts = NO_ATTEMPTS;
        private Status status;
        private String reason;

        private Entry(DeliveryFact.DeliveryCreated created) {
            this.deliveryId = created.deliveryId();
            this.event = created.event().intern();
            this.requestId = created.requestId();
            this.test = created.test();
            this.createdAtMillis = created.createdAt().toEpochMilli();
            this.duplicateOf = created.duplicateOf();
            this.faults = created.faults().isEmpty() ? NONE : created.faults().toArray(String[]::new);
            this.status = Status.of(created.status());
        }

        String deliveryId() {
            return deliveryId;
        }

        String event() {
            return event;
        }

        String requestId() {
            return requestId;
        }

        synchronized Status status() {
            return status;
        }

        private synchronized void apply(DeliveryFact fact) {
            switch (fact) {
                case DeliveryFact.DeliveryReleased released -> status = Status.PENDING;
                case DeliveryFact.DeliveryAttempted attempted -> {
                    attempts = Arrays.copyOf(attempts, attempts.length + 1);
                    attempts[attempts.length - 1] = new Attempt(
                            attempted.retryCount(),
                            attempted.at().toEpochMilli(),
                            attempted.outcome().intern(),
                            attempted.millis());
                    Status after = Status.of(attempted.status());
                    // a late failure of a duplicate never un-delivers what a 2xx delivered
                    if (status != Status.DELIVERED || after == Status.DELIVERED) {
                        status = after;
                    }
                }
                case DeliveryFact.DeliveryAbandoned abandoned -> {
                    status = Status.ABANDONED;
                    reason = abandoned.reason();
                }
                case DeliveryFact.DeliveryCreated created -> throw new IllegalArgumentException("exists already");
                case DeliveryFact.DeliveriesCleared cleared -> throw new IllegalArgumentException("not per delivery");
            }
        }

        synchronized View view() {
            return new View(
                    deliveryId,
                    event,
                    requestId,
                    test,
                    Instant.ofEpochMilli(createdAtMillis),
                    status.label(),
                    duplicateOf,
                    List.of(faults),
                    Arrays.stream(attempts).map(Attempt::view).toList(),
                    reason);
        }
    }

    /**
     * A delivery as {@code GET /sandbox/deliveries} shows it.
     *
     * @param status pending, held, retrying, delivered, failed (all attempts failed), dropped (by the drop fault) or
     *     abandoned (under way when the sandbox stopped)
     * @param duplicateOf for the second delivery of the {@code new-id} duplicate fault: the first one's id
     * @param faults which faults touched it
     * @param reason why it was abandoned; null otherwise
     */
    record View(
            String deliveryId,
            String event,
            String requestId,
            boolean test,
            Instant createdAt,
            String status,
            String duplicateOf,
            List<String> faults,
            List<Attempt> attempts,
            String reason) {

        /**
         * @param outcome {@code HTTP 200}, {@code HTTP 500}, {@code timed out}, {@code connection refused}, …
         */
        record Attempt(int retryCount, Instant at, String outcome, long millis) {}
    }

    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final Journal journal;
    private final SandboxClock clock;

    /** While replaying: one instance of each request id, shared by its deliveries. */
    private Map<String, String> requestIds = new HashMap<>();

    DeliveryLog(Journal journal, SandboxClock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** Makes a new delivery (its id, now) and journals it. */
    Entry create(String event, String requestId, boolean test, String duplicateOf, List<String> faults, Status status) {
        DeliveryFact.DeliveryCreated created = new DeliveryFact.DeliveryCreated(
                Ulid.next(), event, requestId, test, clock.instant(), duplicateOf, List.copyOf(faults), status.label());
        synchronized (this) {
            journal.append(created);
            Entry entry = new Entry(created);
            entries.put(entry.deliveryId(), entry);
            return entry;
        }
    }

    /** A delivery the reorder fault held goes out now. */
    void released(Entry entry) {
        record(entry, new DeliveryFact.DeliveryReleased(entry.deliveryId()));
    }

    /** An attempt was answered (or failed), leaving the delivery {@code after}. */
    void attempted(Entry entry, View.Attempt attempt, Status after) {
        record(
                entry,
                new DeliveryFact.DeliveryAttempted(
                        entry.deliveryId(),
                        attempt.retryCount(),
                        attempt.at(),
                        attempt.outcome(),
                        attempt.millis(),
                        after.label()));
    }

    /** Journals and applies a fact about one delivery, in one step per delivery so both see the same order. */
    private void record(Entry entry, DeliveryFact fact) {
        synchronized (entry) {
            journal.append(fact);
            entry.apply(fact);
        }
    }

    /**
     * A page in delivery-id order: up to {@code limit} deliveries after {@code after} (null: from the first) that
     * match the filters (null matches everything).
     */
    List<View> page(String after, int limit, String requestId, String event, String status) {
        List<View> page = new ArrayList<>();
        for (Entry entry : (after == null ? entries : entries.tailMap(after, false)).values()) {
            if ((requestId == null || requestId.equals(entry.requestId()))
                    && (event == null || event.equals(entry.event()))
                    && (status == null || status.equalsIgnoreCase(entry.status().label()))) {
                page.add(entry.view());
                if (page.size() >= limit) {
                    break;
                }
            }
        }
        return page;
    }

    /** Forgets the recorded deliveries; deliveries under way go on, unrecorded. */
    synchronized void clear() {
        journal.append(new DeliveryFact.DeliveriesCleared(clock.instant()));
        entries.clear();
    }

    @Override
    public Class<DeliveryFact> facts() {
        return DeliveryFact.class;
    }

    @Override
    public void replay(DeliveryFact fact) {
        switch (fact) {
            case DeliveryFact.DeliveryCreated created -> {
                DeliveryFact.DeliveryCreated shared = new DeliveryFact.DeliveryCreated(
                        created.deliveryId(),
                        created.event(),
                        requestIds.computeIfAbsent(created.requestId(), id -> id),
                        created.test(),
                        created.createdAt(),
                        created.duplicateOf(),
                        created.faults(),
                        created.status());
                entries.put(created.deliveryId(), new Entry(shared));
            }
            case DeliveryFact.DeliveriesCleared cleared -> entries.clear();
            case DeliveryFact.DeliveryReleased released -> apply(released.deliveryId(), fact);
            case DeliveryFact.DeliveryAttempted attempted -> apply(attempted.deliveryId(), fact);
            case DeliveryFact.DeliveryAbandoned abandoned -> apply(abandoned.deliveryId(), fact);
        }
    }

    /** A fact about a delivery cleared since is no longer of interest. */
    private void apply(String deliveryId, DeliveryFact fact) {
        Entry entry = entries.get(deliveryId);
        if (entry != null) {
            entry.apply(fact);
        }
    }

    /** Deliveries under way when the sandbox stopped are abandoned: they are not resumed. */
    @Override
    public void replayed() {
        requestIds = null;
        List<Entry> underWay = entries.values().stream()
                .filter(entry -> entry.status().underWay())
                .toList();
        underWay.forEach(
                entry -> record(entry, new DeliveryFact.DeliveryAbandoned(entry.deliveryId(), ABANDONED_AT_RESTART)));
        if (!underWay.isEmpty()) {
            log.warn(
                    "{} deliveries were under way when the sandbox stopped: recorded as abandoned, not resumed ({})",
                    underWay.size(),
                    underWay.stream().map(Entry::deliveryId).limit(10).toList());
        }
        log.info("Delivery log holds {} deliveries", entries.size());
    }
}

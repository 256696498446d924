package io.payrecon.sandbox.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every delivery the sandbox made or withheld, with each attempt and its outcome, for {@code GET /sandbox/deliveries}.
 * In memory, the most recent {@value #CAPACITY} only.
 */
@Component
class DeliveryLog {

    static final int CAPACITY = 2000;

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
        DROPPED
    }

    /** One delivery as it stands; {@link #view()} is a consistent copy. */
    static final class Entry {
        private final String deliveryId;
        private final String event;
        private final String requestId;
        private final boolean test;
        private final Instant createdAt;
        private final String duplicateOf;
        private final List<String> faults = new ArrayList<>();
        private final List<View.Attempt> attempts = new ArrayList<>();
        private Status status = Status.PENDING;

        Entry(String deliveryId, String event, String requestId, boolean test, Instant createdAt, String duplicateOf) {
            this.deliveryId = deliveryId;
            this.event = event;
            this.requestId = requestId;
            this.test = test;
            this.createdAt = createdAt;
            this.duplicateOf = duplicateOf;
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

        synchronized void status(Status status) {
            this.status = status;
        }

        synchronized void fault(String fault) {
            faults.add(fault);
        }

        synchronized void attempt(View.Attempt attempt, Status after) {
            attempts.add(attempt);
            // a late failure of a duplicate never un-delivers what a 2xx delivered
            if (status != Status.DELIVERED || after == Status.DELIVERED) {
                status = after;
            }
        }

        synchronized View view() {
            return new View(
                    deliveryId,
                    event,
                    requestId,
                    test,
                    createdAt,
                    status.name().toLowerCase(java.util.Locale.ROOT),
                    duplicateOf,
                    List.copyOf(faults),
                    List.copyOf(attempts));
        }
    }

    /**
     * A delivery as {@code GET /sandbox/deliveries} shows it.
     *
     * @param status pending, held, retrying, delivered, failed (all attempts failed) or dropped (by the drop fault)
     * @param duplicateOf for the second delivery of the {@code new-id} duplicate fault: the first one's id
     * @param faults which faults touched it
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
            List<Attempt> attempts) {

        /**
         * @param outcome {@code HTTP 200}, {@code HTTP 500}, {@code timed out}, {@code connection refused}, …
         */
        record Attempt(int retryCount, Instant at, String outcome, long millis) {}
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeliveryLog.Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Entry add(Entry entry) {
        entries.put(entry.deliveryId(), entry);
        return entry;
    }

    /** Oldest first; null filters match everything. */
    List<View> list(String requestId, String event, String status) {
        List<Entry> all;
        synchronized (this) {
            all = List.copyOf(entries.values());
        }
        return all.stream()
                .map(Entry::view)
                .filter(view -> requestId == null || requestId.equals(view.requestId()))
                .filter(view -> event == null || event.equals(view.event()))
                .filter(view -> status == null || status.equalsIgnoreCase(view.status()))
                .toList();
    }

    synchronized void clear() {
        entries.clear();
    }
}

package io.payrecon.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox, in {@code outbox.lanes} parallel lanes. Every record belongs to one of
 * {@link KeySlots#COUNT} slots by the hash of its key ({@link KeySlots}), and lane {@code i} of {@code n} publishes the
 * slots {@code s} with {@code s % n == i}, so all records of a key go through one lane, in id order, one batch at a
 * time: per key, commit order is kept while the lanes publish different keys at once.
 *
 * <p>Each round of a lane is one database transaction: take its slots' locks ({@code pg_try_advisory_xact_lock},
 * per slot, so a slot is published by one lane of one instance at a time, whatever the number of lanes of the other
 * instances), read the oldest records of the slots it got, publish them and wait for the broker's acknowledgement of
 * the whole batch, then delete them. Any failure rolls the round back: nothing is deleted, and the lane's next round
 * starts again from its oldest record after a growing pause; the other lanes go on. Records survive broker outages
 * and restarts because they stay in the table until acknowledged.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRecords records;
    private final OutboxProperties properties;
    private final HaltBeforePublish crashHook;
    private final List<Lane> lanes;
    private volatile boolean running;

    /**
     * @param publishers makes lane {@code i}'s publisher: each lane has a producer of its own, so a failure in one
     *     lane discards nothing another lane sent
     */
    OutboxRelay(
            OutboxRecords records,
            IntFunction<RecordPublisher> publishers,
            TransactionTemplate transactions,
            OutboxMetrics metrics,
            OutboxProperties properties,
            HaltBeforePublish crashHook) {
        this.records = records;
        this.properties = properties;
        this.crashHook = crashHook;
        List<Lane> made = new ArrayList<>(properties.lanes());
        for (int lane = 0; lane < properties.lanes(); lane++) {
            made.add(new Lane(
                    lane, KeySlots.ofLane(lane, properties.lanes()), publishers.apply(lane), transactions, metrics));
        }
        this.lanes = List.copyOf(made);
    }

    /**
     * Makes the lanes that publish any of {@code slots} look at the table now instead of at the end of the poll
     * interval; called after a local commit that appended records of those slots.
     */
    void wakeUp(long slots) {
        for (Lane lane : lanes) {
            if ((lane.slots & slots) != 0) {
                lane.wakeUp();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        lanes.forEach(Lane::start);
        log.info(
                "Outbox relay started for schema {} ({} lanes, batch {}, poll {}, copies {})",
                records.schema(),
                lanes.size(),
                properties.batchSize(),
                properties.pollInterval(),
                properties.copyTopics());
        crashHook.warnIfArmed(records.schema());
    }

    @Override
    public void stop() {
        running = false;
        lanes.forEach(Lane::signalStop);
        lanes.forEach(Lane::join);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One lane: a thread, a producer and the key slots it publishes. */
    private final class Lane {

        /** The round found the slots locked by another relay, or the lock of a relay of an older version held. */
        private static final int LOCKED_ELSEWHERE = -1;

        private final int index;
        private final long slots;
        private final RecordPublisher publisher;
        private final TransactionTemplate transactions;
        private final OutboxMetrics metrics;
        private volatile Thread thread;

        Lane(
                int index,
                long slots,
                RecordPublisher publisher,
                TransactionTemplate transactions,
                OutboxMetrics metrics) {
            this.index = index;
            this.slots = slots;
            this.publisher = publisher;
            this.transactions = transactions;
            this.metrics = metrics;
        }

        void start() {
            Thread lane = new Thread(this::run, "outbox-relay-" + index);
            lane.setDaemon(true);
            thread = lane;
            lane.start();
        }

        void wakeUp() {
            Thread current = thread;
            if (current != null) {
                LockSupport.unpark(current);
            }
        }

        void signalStop() {
            publisher.close();
            wakeUp();
        }

        void join() {
            Thread lane = thread;
            if (lane != null) {
                try {
                    lane.join(5_000);
                    if (lane.isAlive()) {
                        lane.interrupt();
                        lane.join(5_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            thread = null;
        }

        private void run() {
            int failures = 0;
            while (running) {
                try {
                    int published = relayOnce();
                    if (failures > 0) {
                        log.info("Outbox relay lane {} publishing again after {} failed attempts", index, failures);
                        failures = 0;
                    }
                    if (published < properties.batchSize()) {
                        LockSupport.parkNanos(this, properties.pollInterval().toNanos());
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    failures++;
                    metrics.failed();
                    Duration pause = backoff(failures);
                    if (failures == 1) {
                        log.warn(
                                "Outbox relay lane {} attempt failed, retrying with backoff: {}",
                                index,
                                e.getMessage(),
                                e);
                    } else {
                        log.warn(
                                "Outbox relay lane {} attempt {} failed, retrying in {}: {}",
                                index,
                                failures,
                                pause,
                                e.getMessage());
                    }
                    pause(pause);
                }
            }
        }

        private int relayOnce() {
            Integer published = transactions.execute(status -> {
                long locked = records.tryLockSlots(slots);
                if (locked == 0) {
                    return LOCKED_ELSEWHERE;
                }
                List<PendingRecord> batch = records.oldest(properties.batchSize(), locked);
                if (batch.isEmpty()) {
                    return 0;
                }
                PendingRecord first = batch.get(0);
                crashHook.beforePublish(batch.size(), first.eventId());
                try {
                    publisher.publish(batch);
                } catch (RecordPublisher.PublishFailedException e) {
                    throw new IllegalStateException(
                            "Could not publish %d records starting with %s %s to %s: %s"
                                    .formatted(
                                            batch.size(), first.type(), first.eventId(), first.topic(), e.getMessage()),
                            e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while publishing " + batch.size() + " records", e);
                }
                metrics.published(records.delete(
                        batch.stream().mapToLong(PendingRecord::id).toArray()));
                log.debug("Outbox relay lane {} published {} records from {}", index, batch.size(), first.eventId());
                return batch.size();
            });
            return published == null ? 0 : published;
        }

        private Duration backoff(int failures) {
            long base = Math.max(properties.pollInterval().toMillis(), 100);
            long millis = base << Math.min(failures - 1, 20);
            return Duration.ofMillis(Math.min(millis, properties.maxBackoff().toMillis()));
        }

        /** Waits out a backoff; unlike the idle wait, a local commit does not cut it short. */
        private void pause(Duration pause) {
            long deadline = System.nanoTime() + pause.toNanos();
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
    }
}

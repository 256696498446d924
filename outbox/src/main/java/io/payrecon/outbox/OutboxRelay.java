package io.payrecon.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox. Each round is one database transaction: take the relay lock
 * ({@code pg_try_advisory_xact_lock}, so only one instance publishes at a time and a key's records cannot be sent
 * by two relays at once), read the oldest records, publish them and wait for the broker's acknowledgement of the
 * whole batch, then delete them. Any failure rolls the round back: nothing is deleted, and the next round starts
 * again from the oldest record after a growing pause. Records survive broker outages and restarts because they
 * stay in the table until acknowledged.
 */
final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int LOCKED_ELSEWHERE = -1;

    private final OutboxRecords records;
    private final RecordPublisher publisher;
    private final TransactionTemplate transactions;
    private final OutboxMetrics metrics;
    private final OutboxProperties properties;
    private final HaltBeforePublish crashHook;
    private volatile boolean running;
    private volatile Thread thread;

    OutboxRelay(
            OutboxRecords records,
            RecordPublisher publisher,
            TransactionTemplate transactions,
            OutboxMetrics metrics,
            OutboxProperties properties,
            HaltBeforePublish crashHook) {
        this.records = records;
        this.publisher = publisher;
        this.transactions = transactions;
        this.metrics = metrics;
        this.properties = properties;
        this.crashHook = crashHook;
    }

    /** Looks at the table now instead of at the end of the poll interval; called after a local commit. */
    void wakeUp() {
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    @Override
    public void start() {
        running = true;
        Thread relay = new Thread(this::run, "outbox-relay");
        relay.setDaemon(true);
        thread = relay;
        relay.start();
        log.info(
                "Outbox relay started for schema {} (batch {}, poll {}, copies {})",
                records.schema(),
                properties.batchSize(),
                properties.pollInterval(),
                properties.copyTopics());
        crashHook.warnIfArmed(records.schema());
    }

    @Override
    public void stop() {
        running = false;
        Thread relay = thread;
        publisher.close();
        if (relay != null) {
            LockSupport.unpark(relay);
            try {
                relay.join(5_000);
                if (relay.isAlive()) {
                    relay.interrupt();
                    relay.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        int failures = 0;
        while (running) {
            try {
                int published = relayOnce();
                if (failures > 0) {
                    log.info("Outbox relay publishing again after {} failed attempts", failures);
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
                    log.warn("Outbox relay attempt failed, retrying with backoff: {}", e.getMessage(), e);
                } else {
                    log.warn("Outbox relay attempt {} failed, retrying in {}: {}", failures, pause, e.getMessage());
                }
                pause(pause);
            }
        }
    }

    private int relayOnce() {
        Integer published = transactions.execute(status -> {
            if (!records.tryLockRelay()) {
                return LOCKED_ELSEWHERE;
            }
            List<PendingRecord> batch = records.oldest(properties.batchSize());
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
                                .formatted(batch.size(), first.type(), first.eventId(), first.topic(), e.getMessage()),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing " + batch.size() + " records", e);
            }
            metrics.published(
                    records.delete(batch.stream().map(PendingRecord::id).toList()));
            log.debug("Outbox relay published {} records from {}", batch.size(), first.eventId());
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

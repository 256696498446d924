package io.payrecon.outbox;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash hook {@code outbox.chaos.halt-before-publish}: halts the JVM the N-th time the relay has read committed
 * records and is about to send them, so a crash suite can prove that records read but not yet acknowledged are
 * published after a restart, in order. Off (N = 0) unless configured.
 */
final class HaltBeforePublish {

    /** The exit status of a JVM killed with SIGKILL, which is what the hook imitates. */
    static final int STATUS = 137;

    private static final Logger log = LoggerFactory.getLogger(HaltBeforePublish.class);

    /** Stops the JVM at once, without shutdown hooks; replaced in tests. */
    @FunctionalInterface
    interface Halter {
        Halter RUNTIME = status -> Runtime.getRuntime().halt(status);

        void halt(int status);
    }

    private final int haltAt;
    private final Halter halter;
    private final AtomicInteger reads = new AtomicInteger();

    HaltBeforePublish(int haltAt, Halter halter) {
        if (haltAt < 0) {
            throw new IllegalArgumentException("outbox.chaos.halt-before-publish must be 0 or more, was " + haltAt);
        }
        this.haltAt = haltAt;
        this.halter = halter;
    }

    boolean armed() {
        return haltAt > 0;
    }

    /** Warns, at startup, that this instance will halt itself. */
    void warnIfArmed(String schema) {
        if (armed()) {
            log.warn(
                    "CRASH HOOK ARMED: the outbox relay of schema {} halts the JVM (exit {}) on its read number {} of "
                            + "committed records, before publishing them (outbox.chaos.halt-before-publish, env "
                            + "OUTBOX_CHAOS_HALT_BEFORE_PUBLISH). For fault tests only.",
                    schema,
                    STATUS,
                    haltAt);
        }
    }

    /**
     * Called by the relay after it read a non-empty batch of committed records and before it sends them.
     *
     * @param firstEventId the event id of the batch's first record, for the log
     */
    void beforePublish(int records, Object firstEventId) {
        if (!armed()) {
            return;
        }
        int read = reads.incrementAndGet();
        if (read == haltAt) {
            log.error(
                    "Crash hook: halting with exit {} on outbox read {} ({} records from {}), before publishing",
                    STATUS,
                    read,
                    records,
                    firstEventId);
            halter.halt(STATUS);
        }
    }
}

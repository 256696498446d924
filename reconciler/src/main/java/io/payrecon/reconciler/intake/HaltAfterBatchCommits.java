package io.payrecon.reconciler.intake;

import io.payrecon.reconciler.ReconcilerProperties;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The crash suite's hook ({@code reconciler.chaos.halt-after-batch-commits}, env
 * {@code RECONCILER_CHAOS_HALT_AFTER_BATCH_COMMITS}): when set to N > 0, the process halts with status 137, as if
 * killed with {@code kill -9}, right after the N-th consumed batch's database transaction committed and before the
 * listener returns, that is before the container commits the batch's Kafka offsets: the worst moment, the batch is
 * delivered again after the restart. Counts batches of every listener. Off (0) by default; never set it in
 * production.
 */
@Component
class HaltAfterBatchCommits {

    static final int KILLED_STATUS = 137;

    private static final Logger log = LoggerFactory.getLogger(HaltAfterBatchCommits.class);

    /** Stops the process at once, without shutdown hooks: {@link Runtime#halt} in production. */
    @FunctionalInterface
    interface Halter {
        void halt(int status);
    }

    private final int haltAfter;
    private final Halter halter;
    private final AtomicInteger commits = new AtomicInteger();

    @Autowired
    HaltAfterBatchCommits(ReconcilerProperties properties) {
        this(
                properties.chaos().haltAfterBatchCommits(),
                status -> Runtime.getRuntime().halt(status));
    }

    HaltAfterBatchCommits(int haltAfter, Halter halter) {
        this.haltAfter = haltAfter;
        this.halter = halter;
        if (haltAfter > 0) {
            log.warn(
                    "CHAOS: reconciler.chaos.halt-after-batch-commits={} is set: this process halts with status {} "
                            + "right after its {}th batch commit, before the batch's offsets are committed",
                    haltAfter,
                    KILLED_STATUS,
                    haltAfter);
        }
    }

    /** A consumed batch's transaction committed; its offsets are not committed yet. */
    void batchCommitted() {
        if (haltAfter > 0 && commits.incrementAndGet() == haltAfter) {
            log.warn("CHAOS: halting with status {} after batch commit {}", KILLED_STATUS, haltAfter);
            halter.halt(KILLED_STATUS);
        }
    }
}

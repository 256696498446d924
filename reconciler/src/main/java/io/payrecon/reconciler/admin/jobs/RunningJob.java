package io.payrecon.reconciler.admin.jobs;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * A job while a worker runs it, as its {@link JobHandler} sees it: what was asked, where to continue, and where to
 * report progress. Not thread-safe: the worker's thread only.
 */
public final class RunningJob {

    private final JobStore store;
    private final JobStore.Row row;
    private final JobStore.Claim claim;
    private final String instance;
    private final BooleanSupplier stopping;
    private final Duration pagePause;
    private long done;
    private Long total;

    RunningJob(JobStore store, JobStore.Row row, String instance, BooleanSupplier stopping, Duration pagePause) {
        this.store = store;
        this.pagePause = pagePause;
        this.row = row;
        this.claim = new JobStore.Claim(row.id(), row.attempt());
        this.instance = instance;
        this.stopping = stopping;
        this.done = row.done();
        this.total = row.total();
    }

    /** Why a job stopped before its end: an operator cancelled it, or its worker is stopping. */
    public static final class Stopped extends RuntimeException {

        private final boolean cancelled;

        Stopped(boolean cancelled, String message) {
            super(message);
            this.cancelled = cancelled;
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * The job cannot run now (another instance's rebuild holds the scratch schema): it goes back to {@code queued}.
     */
    public static final class NotNow extends RuntimeException {
        public NotNow(String message) {
            super(message);
        }
    }

    /** This run's claim of the job: the job, and which claim of it this is. */
    JobStore.Claim claim() {
        return claim;
    }

    public long id() {
        return row.id();
    }

    public boolean dryRun() {
        return row.dryRun();
    }

    public JsonNode parameters() {
        return row.parameters();
    }

    public String operator() {
        return row.operator();
    }

    /** Where a resume continues, as the job last wrote it; null: from the start. */
    public JsonNode checkpoint() {
        return row.checkpoint();
    }

    /** How much was done when this run began (above 0 when resumed). */
    public long done() {
        return done;
    }

    /** The total stored, if any (a resumed job keeps it). */
    public Long total() {
        return total;
    }

    /**
     * Reports progress after a page, with the heartbeat, in one statement of its own, then stops the job if it
     * must.
     *
     * @param total the estimate of {@code done} at the end, null when unknown or unchanged
     * @param checkpoint where a resume continues from now on, null to keep the last one
     * @throws Stopped when an operator asked to cancel it, its instance is stopping, or it is no longer this
     *     claim's to run (marked interrupted meanwhile, and maybe resumed and claimed again since: the other claim
     *     runs it, this one must stop at once without writing more)
     */
    public void progress(long done, Long total, JsonNode checkpoint) {
        this.done = done;
        if (total != null) {
            this.total = total;
        }
        Boolean cancel = store.progress(claim, instance, done, total, checkpoint)
                .orElseThrow(() -> new Stopped(
                        false,
                        "Job " + row.id() + " (attempt " + claim.attempt() + ") is no longer running on " + instance
                                + ": it was marked interrupted meanwhile (no heartbeat for too long), and maybe "
                                + "resumed since"));
        if (cancel) {
            throw new Stopped(
                    true, "Cancelled by an operator after " + done + (this.total == null ? "" : " of " + this.total));
        }
        if (stopping.getAsBoolean()) {
            throw new Stopped(
                    false,
                    "Instance " + instance + " stopped after " + done + (this.total == null ? "" : " of " + this.total)
                            + ": resume the job to continue");
        }
    }

    /** Waits {@code reconciler.jobs.page-pause} between two pages (none by default), to spare the live path. */
    public void pause() {
        if (pagePause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pagePause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(false, "Instance " + instance + " stopped the job's worker: resume the job to continue");
        }
    }
}

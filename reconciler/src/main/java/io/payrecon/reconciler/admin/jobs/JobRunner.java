package io.payrecon.reconciler.admin.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.payrecon.platform.Infrastructure;
import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.intake.MergedLog;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * This instance's workers: a fixed pool of {@code reconciler.jobs.workers}, each running one job at a time. Every
 * {@code poll-interval} it marks interrupted the running jobs (of any instance) whose heartbeat is older than
 * {@code stale-after}, and claims queued jobs for its free workers ({@code FOR UPDATE SKIP LOCKED}: each job is taken
 * by one instance). Every {@code heartbeat-interval} a thread of its own (never held up behind the sweep and claim
 * waiting for a connection) writes the heartbeat of the jobs it runs, besides the one each page writes.
 *
 * <p>Each claim of a job counts up its {@code attempt}, which the worker carries ({@link JobStore.Claim}) and every
 * one of its writes matches: a worker whose job was marked interrupted while it was still alive (a late heartbeat),
 * then resumed and claimed again, even by this instance, writes nothing more and stops at its next page, while the
 * new claim runs the job. The jobs running here are tracked by claim, not by id, for the same reason.
 *
 * <p>How a job ends: {@code succeeded} with its report; {@code cancelled} when an operator asked (seen between pages);
 * {@code interrupted} when this instance stops (seen between pages; what is left after a grace period is marked
 * directly) or when the database or the broker is out, or reading the log stalled (the outage is its error): those
 * can be resumed; {@code failed}
 * for anything else, with its error, and can be resumed too. When even that last write fails (the database is gone),
 * the job stays {@code running} until its heartbeat is stale and any instance's sweep marks it interrupted: no job is
 * lost. At start-up, the jobs still {@code running} under this instance's name are marked interrupted at once: with a
 * stable {@code RECONCILER_INSTANCE_ID}, those are what a killed predecessor left.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    /** How long a stopping instance lets its jobs reach their next page and mark themselves interrupted. */
    private static final long GRACE_SECONDS = 10;

    private final JobStore store;
    private final Jobs jobs;
    private final ReconcilerProperties.Jobs settings;
    private final Infrastructure infrastructure;
    private final String instance;
    private final Semaphore free;
    private final Set<JobStore.Claim> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile ScheduledExecutorService ticker;
    private volatile ScheduledExecutorService heartbeats;
    private volatile ExecutorService workers;

    JobRunner(
            JobStore store,
            Jobs jobs,
            ReconcilerProperties properties,
            Infrastructure infrastructure,
            MeterRegistry meters) {
        this.store = store;
        this.jobs = jobs;
        this.settings = properties.jobs();
        this.infrastructure = infrastructure;
        this.instance = properties.instanceId() != null
                ? properties.instanceId()
                : host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.free = new Semaphore(settings.workers());
        for (Job.State state : List.of(Job.State.QUEUED, Job.State.RUNNING)) {
            Gauge.builder("reconciler.jobs", store, jobsIn -> count(jobsIn, state))
                    .description("Jobs (replay, republish, rebuild) queued or running, over every instance")
                    .tag("state", state.wire())
                    .register(meters);
        }
    }

    /** The name this instance's jobs carry in {@code ops_jobs.instance}. */
    String instance() {
        return instance;
    }

    @Override
    public void start() {
        stopping.set(false);
        try {
            List<Long> left = store.interruptRunningOn(
                    instance,
                    "Instance " + instance + " restarted while running "
                            + "the job (it was killed or lost the database): resume it to continue from its checkpoint");
            if (!left.isEmpty()) {
                log.warn(
                        "Jobs {} were left running by a previous run of instance {}: marked interrupted",
                        left,
                        instance);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for jobs left running by instance {}: {}", instance, reason(e));
        }
        workers = Executors.newFixedThreadPool(
                settings.workers(), Thread.ofPlatform().name("job-worker-", 1).factory());
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("job-ticker").daemon().factory());
        ticker.scheduleWithFixedDelay(this::tick, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("job-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(
                this::heartbeat,
                settings.heartbeatInterval().toMillis(),
                settings.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Job workers started: {} on instance {}", settings.workers(), instance);
    }

    @Override
    public void stop() {
        stopping.set(true);
        ScheduledExecutorService ticking = ticker;
        ScheduledExecutorService beating = heartbeats;
        ExecutorService working = workers;
        if (ticking == null || beating == null || working == null) {
            return;
        }
        ticking.shutdownNow();
        working.shutdown();
        try {
            // a tick under way may still claim a job: wait for it, so that the marking below sees that job too
            if (!ticking.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The job ticker did not stop within {} s", GRACE_SECONDS);
            }
            if (!working.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
                working.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beating.shutdownNow();
        try {
            List<Long> left = store.interruptRunningOn(
                    instance,
                    "Instance " + instance + " stopped while running "
                            + "the job: resume it to continue from its checkpoint");
            if (!left.isEmpty()) {
                log.warn(
                        "Jobs {} did not stop within {} s of instance {} stopping: marked interrupted",
                        left,
                        GRACE_SECONDS,
                        instance);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not mark this instance's jobs interrupted ({}): the sweep of another instance will",
                    reason(e));
        }
        ticker = null;
        heartbeats = null;
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** Stops before the listeners and the database go (the default phase is the last to stop). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void tick() {
        try {
            List<Long> stale = store.interruptStale(settings.staleAfter());
            if (!stale.isEmpty()) {
                log.warn("Jobs {} had no heartbeat for more than {}: marked interrupted", stale, settings.staleAfter());
            }
            while (!stopping.get() && free.tryAcquire()) {
                Optional<JobStore.Row> claimed;
                try {
                    claimed = store.claim(instance);
                } catch (RuntimeException e) {
                    free.release();
                    throw e;
                }
                if (claimed.isEmpty()) {
                    free.release();
                    return;
                }
                JobStore.Row row = claimed.get();
                JobStore.Claim claim = new JobStore.Claim(row.id(), row.attempt());
                running.add(claim);
                workers.execute(() -> {
                    try {
                        run(row);
                    } finally {
                        running.remove(claim);
                        free.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Looking for jobs failed: {}", reason(e));
        }
    }

    private void heartbeat() {
        List<JobStore.Claim> claims = List.copyOf(running);
        try {
            List<JobStore.Claim> alive = store.heartbeat(instance, claims);
            // those that ended meanwhile matched nothing either: only the ones still running here were lost
            List<JobStore.Claim> lost = claims.stream()
                    .filter(claim -> !alive.contains(claim) && running.contains(claim))
                    .toList();
            if (!lost.isEmpty()) {
                log.warn(
                        "Jobs {} are no longer this instance's to run (marked interrupted meanwhile): their workers "
                                + "stop at their next page",
                        lost);
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat of jobs {} failed: {}", running, reason(e));
        }
    }

    private void run(JobStore.Row row) {
        JobHandler handler = jobs.handler(row.kind());
        log.info(
                "Job {} ({} {}, dry run {}, by {}) started on {}{}",
                row.id(),
                row.kind().wire(),
                row.parameters(),
                row.dryRun(),
                row.operator(),
                instance,
                row.checkpoint() == null ? "" : ", from its checkpoint");
        RunningJob job = new RunningJob(store, row, instance, stopping::get, settings.pagePause());
        JobStore.Claim claim = job.claim();
        try {
            var result = handler.run(job);
            end(row, claim, Job.State.SUCCEEDED, result, null);
            log.info("Job {} ({}) succeeded: {}", row.id(), row.kind().wire(), handler.summary(result));
        } catch (RunningJob.Stopped e) {
            end(row, claim, e.cancelled() ? Job.State.CANCELLED : Job.State.INTERRUPTED, null, e.getMessage());
        } catch (RunningJob.NotNow e) {
            log.info(
                    "Job {} ({}) cannot run now, queued again: {}",
                    row.id(),
                    row.kind().wire(),
                    e.getMessage());
            try {
                store.requeue(claim, instance);
            } catch (RuntimeException f) {
                log.warn(
                        "Job {} could not be queued again ({}): the sweep will mark it interrupted",
                        row.id(),
                        reason(f));
            }
        } catch (RuntimeException e) {
            boolean outage = infrastructure.isOutage(e) || stalled(e);
            String error = (outage ? "Infrastructure outage: " : "Failed: ")
                    + reason(e)
                    + (outage ? ". Resume the job once the database and broker are back" : "");
            log.error("Job {} ({}) {}", row.id(), row.kind().wire(), error, e);
            end(row, claim, outage ? Job.State.INTERRUPTED : Job.State.FAILED, null, error);
        }
    }

    /** Reading the log stalled (the broker stopped answering): an outage like any other, so resumable. */
    private static boolean stalled(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MergedLog.Stalled) {
                return true;
            }
        }
        return false;
    }

    private void end(JobStore.Row row, JobStore.Claim claim, Job.State state, JsonNode result, String error) {
        try {
            if (!store.finish(claim, instance, state, result, error)) {
                log.warn(
                        "Job {} ended {} on {}, but was no longer this claim's (marked interrupted meanwhile, maybe "
                                + "claimed again since): nothing written",
                        row.id(),
                        state.wire(),
                        instance);
            } else if (state != Job.State.SUCCEEDED) {
                log.info("Job {} ({}) ended {}: {}", row.id(), row.kind().wire(), state.wire(), error);
            }
        } catch (RuntimeException e) {
            log.error(
                    "Job {} ended {} ({}), but that could not be written ({}): it stays running until its heartbeat "
                            + "is stale, then it is marked interrupted",
                    row.id(),
                    state.wire(),
                    error,
                    reason(e));
        }
    }

    private static double count(JobStore store, Job.State state) {
        try {
            return store.count(state);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "reconciler";
        }
    }
}

package io.payrecon.reconciler.admin.jobs;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs, for the admin API and the operator console: start one, look at them, cancel, resume or restart one.
 * Starting and every change is audited ({@link Audited}: written to the audit log before it happens, under the
 * operator's name, with the job's id in its outcome); reading is not, since a job is followed by asking for it every
 * few seconds. Refusals are problems ({@link ErrorResponseException}) with a detail an operator can act on: 400 or
 * 404 for what a start asks for (checked before anything is queued), {@code unknown-job} (404), {@code already-done}
 * (409) to cancel a job that ended, {@code job-not-resumable} (409) to resume or restart one that is not interrupted,
 * failed or cancelled.
 *
 * <p>Jobs are queued here and run by the workers of any instance ({@code JobRunner}); see docs/operations.md, Jobs.
 */
@Component
public final class Jobs {

    private final JobStore store;
    private final Map<Job.Kind, JobHandler> handlers = new EnumMap<>(Job.Kind.class);
    private final Audited audited;
    private final JsonMapper json;

    Jobs(JobStore store, List<JobHandler> handlers, Audited audited, JsonMapper json) {
        this.store = store;
        handlers.forEach(handler -> this.handlers.put(handler.kind(), handler));
        this.audited = audited;
        this.json = json;
    }

    /**
     * Checks what is asked and queues the job; audited as the command of its kind ({@code replay}, say).
     *
     * @param parameters the kind's parameters: a replay's {@code from}, {@code to} and {@code orderId}, a republish's
     *     {@code orderId} or {@code since}, none for a rebuild (an empty object or null)
     * @return the job, queued
     * @throws ErrorResponseException 400 or 404 when the parameters are not acceptable: nothing is queued
     */
    public Job start(Job.Kind kind, boolean dryRun, JsonNode parameters, Principal operator) {
        JobHandler handler = handler(kind);
        JsonNode given = parameters == null ? json.createObjectNode() : parameters;
        Map<String, Object> arguments = new LinkedHashMap<>();
        given.properties().forEach(entry -> arguments.put(entry.getKey(), entry.getValue()));
        arguments.put("dryRun", dryRun);
        return audited.runAs(
                operator,
                kind.wire(),
                arguments,
                entry -> {
                    Map<String, Object> checked = handler.check(dryRun, given);
                    long id = store.queue(kind, dryRun, json.valueToTree(checked), Audited.name(operator), entry);
                    return get(id);
                },
                job -> "job " + job.id() + " queued");
    }

    /**
     * Runs a dry run that succeeded for real, once: the real job is recorded on the dry run in the statement that
     * queues it, so a second request (a double click, two operators) gets the job the first one queued.
     *
     * @return the real job: queued now, or by an earlier request
     * @throws ErrorResponseException {@code unknown-job} (404); 409 when it is not a dry run that succeeded
     */
    public Job runForReal(long dryRunId, Principal operator) {
        Job dryRun = get(dryRunId);
        if (!dryRun.dryRun() || dryRun.state() != Job.State.SUCCEEDED) {
            throw Problems.conflict("Job " + dryRunId + " is not a dry run that succeeded: start a dry run, read its"
                    + " diff, then run it from the dry run's page");
        }
        Optional<Long> earlier = store.realJobOf(dryRunId);
        if (earlier.isPresent()) {
            return get(earlier.get());
        }
        JobHandler handler = handler(dryRun.kind());
        Map<String, Object> arguments = new LinkedHashMap<>();
        dryRun.parameters().properties().forEach(entry -> arguments.put(entry.getKey(), entry.getValue()));
        arguments.put("dryRun", false);
        arguments.put("fromDryRun", dryRunId);
        boolean[] queuedHere = {false};
        return audited.runAs(
                operator,
                dryRun.kind().wire(),
                arguments,
                entry -> {
                    Map<String, Object> checked = handler.check(false, dryRun.parameters());
                    Optional<Long> queued = store.queueRealRun(
                            dryRunId, dryRun.kind(), json.valueToTree(checked), Audited.name(operator), entry);
                    queuedHere[0] = queued.isPresent();
                    return get(queued.or(() -> store.realJobOf(dryRunId))
                            .orElseThrow(
                                    () -> Problems.conflict("Job " + dryRunId + " can no longer be run for real")));
                },
                job -> queuedHere[0]
                        ? "job " + job.id() + " queued"
                        : "job " + job.id() + " was queued already (by an earlier request): nothing queued");
    }

    /** The job started from dry run {@code dryRunId} to run it for real, if one was. */
    public Optional<Long> realJobOf(long dryRunId) {
        return store.realJobOf(dryRunId);
    }

    /** The job, as it is now. */
    public Optional<Job> find(long id) {
        return store.find(id).map(this::view);
    }

    /**
     * @throws ErrorResponseException {@code unknown-job} (404)
     */
    public Job get(long id) {
        return find(id).orElseThrow(() -> unknownJob(id));
    }

    /**
     * Jobs newest first, paged by key: the last one's id as {@code before} gives the next page.
     *
     * @param kind only these, or null for every kind
     * @param state only these, or null for every state
     * @param before only jobs with a lower id, or null
     * @param limit at most this many, 1 to {@link Problems#MAX_LIMIT}
     */
    public List<Job> latest(Job.Kind kind, Job.State state, Long before, int limit) {
        return store.latest(kind, state, before == null ? Long.MAX_VALUE : before, Problems.limit(limit)).stream()
                .map(this::view)
                .toList();
    }

    /**
     * Cancels a queued job at once, a running one between two of its pages (it ends {@code cancelled}, keeping what
     * it applied; a rebuild drops its scratch schema and never switches over).
     *
     * @return the job, its cancel requested
     * @throws ErrorResponseException {@code unknown-job} (404), {@code already-done} (409) when it ended
     */
    public Job cancel(long id, Principal operator) {
        return audited.run(
                operator,
                "job cancel",
                args("id", id),
                () -> {
                    Job job = get(id);
                    Optional<Job.State> was = store.requestCancel(id);
                    if (was.isEmpty()) {
                        throw Problems.conflict("Job " + id + " is "
                                + job.state().wire() + ", not queued or running: " + "nothing to cancel");
                    }
                    return get(id);
                },
                job -> job.state() == Job.State.CANCELLED
                        ? "job " + id + " cancelled before it ran"
                        : "job " + id + " asked to stop");
    }

    /**
     * Puts an interrupted, failed or cancelled job back in line, keeping its checkpoint: it continues where it
     * stopped. Safe by construction for every kind: a replay applies facts idempotently (a page applied twice changes
     * nothing the second time), a republish re-emits events marked republished with their original sequences
     * (consumers keep the highest sequence they applied, so events sent twice change nothing), and a rebuild always
     * starts over in a fresh scratch schema (its resume is a restart).
     *
     * @throws ErrorResponseException {@code unknown-job} (404), {@code job-not-resumable} (409)
     */
    public Job resume(long id, Principal operator) {
        return requeue(id, false, operator);
    }

    /**
     * As {@link #resume}, with its progress and checkpoint cleared: it starts over from the beginning of what was
     * asked. Safe for the same reasons.
     */
    public Job restart(long id, Principal operator) {
        return requeue(id, true, operator);
    }

    private Job requeue(long id, boolean fresh, Principal operator) {
        String command = fresh ? "job restart" : "job resume";
        return audited.run(
                operator,
                command,
                args("id", id),
                () -> {
                    Job job = get(id);
                    if (!store.requeueEnded(id, fresh)) {
                        throw Problems.problem(
                                ProblemType.JOB_NOT_RESUMABLE,
                                "Job not resumable",
                                "Job " + id + " is " + job.state().wire() + ": only an interrupted, failed or "
                                        + "cancelled job can be resumed or restarted"
                                        + (job.state() == Job.State.SUCCEEDED
                                                ? "; start a new " + job.kind().wire() + " to run it again"
                                                : "; cancel it first to start it over"));
                    }
                    return get(id);
                },
                job -> "job " + id + " queued again" + (fresh ? " from the start" : " from its checkpoint"));
    }

    JobHandler handler(Job.Kind kind) {
        JobHandler handler = handlers.get(kind);
        if (handler == null) {
            throw new IllegalStateException("No handler for " + kind + " jobs");
        }
        return handler;
    }

    static ErrorResponseException unknownJob(long id) {
        return Problems.problem(
                ProblemType.UNKNOWN_JOB,
                "Not found",
                "No job " + id + ": list them with GET /admin/jobs (ops jobs list)");
    }

    private Job view(JobStore.Row row) {
        Double percent = null;
        if (row.total() != null && row.total() > 0) {
            percent = Math.min(100.0, Math.round(row.done() * 1000.0 / row.total()) / 10.0);
        } else if (row.state() == Job.State.SUCCEEDED) {
            percent = 100.0;
        }
        Double rate = null;
        Long eta = null;
        if (row.startedAt() != null) {
            Instant end = row.state().ended() && row.finishedAt() != null ? row.finishedAt() : row.now();
            double seconds = Duration.between(row.startedAt(), end).toMillis() / 1000.0;
            long runDone = row.done() - row.startedDone();
            if (seconds > 0 && runDone > 0) {
                rate = Math.round(runDone / seconds * 10.0) / 10.0;
                if (row.state() == Job.State.RUNNING && row.total() != null) {
                    eta = (long) Math.ceil(Math.max(0, row.total() - row.done()) / (runDone / seconds));
                }
            }
        }
        return new Job(
                row.id(),
                row.kind(),
                row.dryRun(),
                row.parameters(),
                row.state(),
                row.operator(),
                row.createdAt(),
                row.startedAt(),
                row.finishedAt(),
                row.heartbeatAt(),
                row.done(),
                row.total(),
                percent,
                rate,
                eta,
                row.cancelRequested(),
                row.instance(),
                row.auditId(),
                row.checkpoint(),
                row.result(),
                row.error(),
                handler(row.kind()).notes(row.dryRun()));
    }
}

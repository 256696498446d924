package io.payrecon.reconciler.admin.jobs;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/jobs}: the replays, republishes and rebuilds, listed, shown with their progress, cancelled, resumed or
 * restarted (see {@link Jobs}). Changes need the operator role and are audited; reads are not audited, since a job is
 * followed by reading it every few seconds.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Jobs", description = "Replays, republishes and rebuilds, run as jobs: progress, cancel, resume, restart")
public class JobsController {

    private final Jobs jobs;

    JobsController(Jobs jobs) {
        this.jobs = jobs;
    }

    /** The answer to a start: 202 with the job queued, and where to follow it. */
    public static ResponseEntity<Job> accepted(Job job) {
        return ResponseEntity.accepted()
                .location(URI.create("/admin/jobs/" + job.id()))
                .body(job);
    }

    @Operation(
            summary = "List jobs",
            description = "Newest first, of one kind (replay, republish, rebuild) and one state (queued, running, "
                    + "succeeded, failed, cancelled, interrupted) when given. Paged by key: pass the last job's id as "
                    + "before.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/jobs")
    List<Job> list(
            @Parameter(description = "replay, republish or rebuild") @RequestParam(required = false) String kind,
            @Parameter(description = "queued, running, succeeded, failed, cancelled or interrupted")
                    @RequestParam(required = false)
                    String state,
            @Parameter(description = "The last job's id of the previous page") @RequestParam(required = false)
                    Long before,
            @Parameter(description = "Jobs per page, 1 to 1000") @RequestParam(defaultValue = "50") int limit) {
        Job.Kind kindWanted = null;
        if (kind != null && !kind.isBlank()) {
            kindWanted = Job.Kind.of(kind.strip());
            if (kindWanted == null) {
                throw Problems.badRequest("kind must be replay, republish or rebuild, got " + kind);
            }
        }
        Job.State stateWanted = null;
        if (state != null && !state.isBlank()) {
            stateWanted = Job.State.of(state.strip());
            if (stateWanted == null) {
                throw Problems.badRequest(
                        "state must be queued, running, succeeded, failed, cancelled or interrupted, got " + state);
            }
        }
        return jobs.latest(kindWanted, stateWanted, before, limit);
    }

    @Operation(
            summary = "Show a job",
            description = "Its state, progress (done of total, percent, rate, an ETA from its progress so far), "
                    + "checkpoint, and its report (result) once it succeeded, or why it stopped (error).")
    @ProblemResponses(ProblemType.UNKNOWN_JOB)
    @GetMapping("/jobs/{id}")
    Job show(@PathVariable long id) {
        return jobs.get(id);
    }

    @Operation(
            summary = "Cancel a job",
            description = "A queued job is cancelled at once; a running one stops between two pages and ends "
                    + "cancelled, keeping what it applied (a rebuild drops its scratch schema and never switches "
                    + "over). It can be resumed later.")
    @ProblemResponses({ProblemType.UNKNOWN_JOB, ProblemType.ALREADY_DONE})
    @PostMapping("/jobs/{id}/cancel")
    Job cancel(@PathVariable long id, Principal operator) {
        return jobs.cancel(id, operator);
    }

    @Operation(
            summary = "Resume a job",
            description = "Puts an interrupted, failed or cancelled job back in line, continuing from its checkpoint "
                    + "(a rebuild starts over). docs/operations.md, Jobs, says why that is safe for each kind.")
    @ProblemResponses({ProblemType.UNKNOWN_JOB, ProblemType.JOB_NOT_RESUMABLE})
    @PostMapping("/jobs/{id}/resume")
    ResponseEntity<Job> resume(@PathVariable long id, Principal operator) {
        return accepted(jobs.resume(id, operator));
    }

    @Operation(
            summary = "Restart a job",
            description = "As resume, with its progress and checkpoint cleared: it starts over from the beginning "
                    + "of what was asked.")
    @ProblemResponses({ProblemType.UNKNOWN_JOB, ProblemType.JOB_NOT_RESUMABLE})
    @PostMapping("/jobs/{id}/restart")
    ResponseEntity<Job> restart(@PathVariable long id, Principal operator) {
        return accepted(jobs.restart(id, operator));
    }
}

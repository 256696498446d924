package io.payrecon.reconciler.admin.rebuild;

import io.payrecon.reconciler.admin.jobs.Job;
import io.payrecon.reconciler.admin.jobs.Jobs;
import io.payrecon.reconciler.admin.jobs.JobsController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/rebuild}: starts a job that recomputes every order from the beginning of the log and compares it
 * with the live state; without {@code dryRun}, the live orders that differ are corrected (see {@link Rebuild} and
 * {@link RebuildJobs}). Audited like every operation; a second rebuild waits queued while one runs.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Rebuild", description = "Every order recomputed from the log, compared with the live state, and corrected")
class RebuildController {

    private final Jobs jobs;

    RebuildController(Jobs jobs) {
        this.jobs = jobs;
    }

    /** {@code dryRun} in the body, as for a replay, or as a query parameter. */
    record RebuildRequest(Boolean dryRun) {}

    @Operation(
            summary = "Rebuild every order from the log",
            description = "Starts a job (202, Location: /admin/jobs/{id}) that recomputes every order from the "
                    + "beginning of the log into a scratch schema and compares it with the live state; without dryRun, "
                    + "and only when complete, corrects the differing orders with one status event each, except "
                    + "corrections that would take a paid order back or lower an amount (withheld, for a person). One "
                    + "rebuild at a time: a second one waits queued. Its result (GET /admin/jobs/{id}) is a "
                    + "RebuildReport. docs/operations.md, Rebuild.")
    @PostMapping("/rebuild")
    ResponseEntity<Job> rebuild(
            @RequestBody(required = false) RebuildRequest request,
            @Parameter(description = "Compare only, change nothing (also accepted in the body)")
                    @RequestParam(name = "dryRun", required = false)
                    Boolean dryRunParameter,
            Principal operator) {
        boolean dryRun =
                Boolean.TRUE.equals(dryRunParameter) || (request != null && Boolean.TRUE.equals(request.dryRun()));
        return JobsController.accepted(jobs.start(Job.Kind.REBUILD, dryRun, null, operator));
    }
}

package io.payrecon.reconciler.admin.replay;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.jobs.Job;
import io.payrecon.reconciler.admin.jobs.Jobs;
import io.payrecon.reconciler.admin.jobs.JobsController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts a replay job: the archived webhooks and observations of a time range re-run through the listeners' own path,
 * or a dry run of it (see {@link Replays}). Audited like every operation; needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Replay", description = "Archived webhooks and observations re-run through the normal path")
class ReplayController {

    private final Jobs jobs;
    private final JsonMapper json;

    ReplayController(Jobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    record Replay(Instant from, Instant to, String orderId, Boolean dryRun) {}

    @Operation(
            summary = "Replay a time range",
            description = "Starts a job (202, Location: /admin/jobs/{id}) that re-runs the archived webhooks and "
                    + "observations between from and to (ISO-8601 instants), optionally of one order, through the "
                    + "normal idempotent path; dryRun lists the status changes it would make and changes nothing. "
                    + "Its result (GET /admin/jobs/{id}) is a ReplayResult.")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.UNKNOWN_ORDER})
    @PostMapping("/replay")
    ResponseEntity<Job> replay(@RequestBody(required = false) Replay replay, Principal operator) {
        ObjectNode parameters = json.createObjectNode();
        parameters.put(
                "from",
                replay == null || replay.from() == null ? null : replay.from().toString());
        parameters.put(
                "to", replay == null || replay.to() == null ? null : replay.to().toString());
        parameters.put("orderId", replay == null ? null : replay.orderId());
        boolean dryRun = replay != null && Boolean.TRUE.equals(replay.dryRun());
        return JobsController.accepted(jobs.start(Job.Kind.REPLAY, dryRun, parameters, operator));
    }
}

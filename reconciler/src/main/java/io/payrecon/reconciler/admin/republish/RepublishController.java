package io.payrecon.reconciler.admin.republish;

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
 * Starts a republish job: status events re-emitted from the orders' history for downstream systems that lost data
 * (see {@link Republishing}). Audited like every operation; needs the operator role.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Republish", description = "Status events re-emitted for order systems that lost data")
class RepublishController {

    private final Jobs jobs;
    private final JsonMapper json;

    RepublishController(Jobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    /** Exactly one of {@code orderId} and {@code since}. */
    record Republish(String orderId, Instant since, Boolean dryRun) {}

    @Operation(
            summary = "Republish status events",
            description = "Starts a job (202, Location: /admin/jobs/{id}) that re-emits the status events of one order "
                    + "(orderId) or of every order changed since an instant (since), with their original sequences, "
                    + "marked republished; dryRun counts them and lists the first, appending nothing. Its result "
                    + "(GET /admin/jobs/{id}) is a RepublishResult.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @PostMapping("/republish")
    ResponseEntity<Job> republish(@RequestBody(required = false) Republish republish, Principal operator) {
        ObjectNode parameters = json.createObjectNode();
        parameters.put("orderId", republish == null ? null : republish.orderId());
        parameters.put(
                "since",
                republish == null || republish.since() == null
                        ? null
                        : republish.since().toString());
        boolean dryRun = republish != null && Boolean.TRUE.equals(republish.dryRun());
        return JobsController.accepted(jobs.start(Job.Kind.REPUBLISH, dryRun, parameters, operator));
    }
}

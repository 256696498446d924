package io.payrecon.reconciler.admin.rebuild;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/rebuild}: every order recomputed from the beginning of the log and compared with the live state;
 * without {@code dryRun}, the live orders that differ are corrected (see {@link Rebuild}). Audited like every
 * operation; refused (409) while another rebuild runs.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Rebuild", description = "Every order recomputed from the log, compared with the live state, and corrected")
class RebuildController {

    private final Rebuild rebuild;
    private final Audited audited;

    RebuildController(Rebuild rebuild, Audited audited) {
        this.rebuild = rebuild;
        this.audited = audited;
    }

    /** {@code dryRun} in the body, as for a replay, or as a query parameter. */
    record RebuildRequest(Boolean dryRun) {}

    @Operation(
            summary = "Rebuild every order from the log",
            description = "Recomputes every order from the beginning of the log into a scratch schema and compares it "
                    + "with the live state; without dryRun, and only when complete, corrects the differing orders with "
                    + "one status event each, except corrections that would take a paid order back or lower an amount "
                    + "(withheld, for a person). docs/operations.md, Rebuild.")
    @ProblemResponses(ProblemType.REBUILD_RUNNING)
    @PostMapping("/rebuild")
    Rebuild.Report rebuild(
            @RequestBody(required = false) RebuildRequest request,
            @Parameter(description = "Compare only, change nothing (also accepted in the body)")
                    @RequestParam(name = "dryRun", required = false)
                    Boolean dryRunParameter,
            Principal operator) {
        boolean dryRun =
                Boolean.TRUE.equals(dryRunParameter) || (request != null && Boolean.TRUE.equals(request.dryRun()));
        return audited.run(
                operator,
                "rebuild",
                args("dryRun", dryRun),
                () -> {
                    try {
                        return rebuild.run(dryRun, Audited.name(operator));
                    } catch (Rebuild.AlreadyRunning e) {
                        throw Problems.problem(ProblemType.REBUILD_RUNNING, "Rebuild running", e.getMessage());
                    }
                },
                report -> report.records().values().stream()
                                .mapToLong(Long::longValue)
                                .sum() + " records read, "
                        + report.ordersRebuilt() + " orders rebuilt, " + report.differing() + " differ, "
                        + (report.dryRun()
                                ? "dry run, nothing changed"
                                : report.switchedOver() ? report.corrected() + " corrected" : "not switched over")
                        + ", " + report.rejected() + " rejected");
    }
}

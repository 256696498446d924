package io.payrecon.reconciler.admin.rebuild;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.reconciler.admin.Problems;
import io.payrecon.reconciler.admin.audit.Audited;
import java.security.Principal;
import org.springframework.http.HttpStatus;
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
class RebuildController {

    private final Rebuild rebuild;
    private final Audited audited;

    RebuildController(Rebuild rebuild, Audited audited) {
        this.rebuild = rebuild;
        this.audited = audited;
    }

    /** {@code dryRun} in the body, as for a replay, or as a query parameter. */
    record RebuildRequest(Boolean dryRun) {}

    @PostMapping("/rebuild")
    Rebuild.Report rebuild(
            @RequestBody(required = false) RebuildRequest request,
            @RequestParam(name = "dryRun", required = false) Boolean dryRunParameter,
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
                        throw Problems.problem(HttpStatus.CONFLICT, "Rebuild running", e.getMessage());
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

package io.payrecon.reconciler.admin.audit;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.platform.problem.ProblemResponses;
import io.payrecon.platform.problem.ProblemType;
import io.payrecon.reconciler.admin.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log of operations, as operators read it: reading it is itself written to it.
 */
@RestController
@RequestMapping("/admin")
@Tag(name = "Audit log", description = "Who did what under /admin, and when")
class AuditController {

    private final OpsAudit audit;
    private final Audited audited;

    AuditController(OpsAudit audit, Audited audited) {
        this.audit = audit;
        this.audited = audited;
    }

    /**
     * The audit log, newest first; only one operator's operations when {@code operator} is given. Paged by key: pass
     * the last entry's {@code id} as {@code before} for the next page. Reading it is audited like every operation;
     * the list ends just before this read's own entry.
     */
    @Operation(
            summary = "Read the audit log",
            description = "Every admin operation, newest first: who, when, what, with which arguments, its outcome and"
                    + " when it finished. Paged by key: pass the last entry's id as before. Reading it is audited too;"
                    + " the list ends just before this read.")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    @GetMapping("/audit")
    List<OpsAudit.Entry> audit(
            @Parameter(description = "Only this operator's operations")
                    @RequestParam(name = "operator", required = false)
                    String by,
            @Parameter(description = "The last entry's id of the previous page") @RequestParam(required = false)
                    Long before,
            @Parameter(description = "Entries per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit,
            Principal operator) {
        String only = by == null || by.isBlank() ? null : by.strip();
        return audited.runAs(
                operator,
                "audit list",
                args("operator", only, "before", before, "limit", limit),
                entry -> audit.latest(only, before == null ? entry : Math.min(before, entry), Problems.limit(limit)),
                listed -> listed.size() + " listed");
    }
}

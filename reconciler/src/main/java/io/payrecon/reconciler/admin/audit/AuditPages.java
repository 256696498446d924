package io.payrecon.reconciler.admin.audit;

import static io.payrecon.reconciler.admin.audit.Audited.args;

import io.payrecon.reconciler.console.ConsoleController;
import java.security.Principal;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The console's audit log: newest first, one operator's or everyone's, paged by key; reading it is audited too. */
@ConsoleController
class AuditPages {

    static final int PAGE = 50;

    private final OpsAudit audit;
    private final Audited audited;

    AuditPages(OpsAudit audit, Audited audited) {
        this.audit = audit;
        this.audited = audited;
    }

    @GetMapping("/console/audit")
    String audit(
            @RequestParam(name = "operator", defaultValue = "") String by,
            @RequestParam(required = false) Long before,
            Principal operator,
            Model model) {
        String only = by.isBlank() ? null : by.strip();
        List<OpsAudit.Entry> entries = audited.runAs(
                operator,
                "audit list",
                args("operator", only, "before", before, "limit", PAGE, "via", "console"),
                entry -> audit.latest(only, before == null ? entry : Math.min(before, entry), PAGE),
                listed -> listed.size() + " listed");
        model.addAttribute("section", "audit");
        model.addAttribute("entries", entries);
        model.addAttribute("by", by.strip());
        model.addAttribute(
                "nextPage",
                entries.size() < PAGE
                        ? null
                        : UriComponentsBuilder.fromPath("/console/audit")
                                .queryParam("operator", by.strip())
                                .queryParam(
                                        "before",
                                        entries.get(entries.size() - 1).id())
                                .encode()
                                .toUriString());
        return "console/audit";
    }
}

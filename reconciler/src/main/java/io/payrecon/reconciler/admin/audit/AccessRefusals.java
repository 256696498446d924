package io.payrecon.reconciler.admin.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Writes to the audit log what a known operator asked for and was refused by their role (a read-only operator's
 * {@code POST}, say): the request as made, outcome "refused (403)". Spring Security publishes the refusal before it
 * answers. Requests without a known key name no operator and are only logged (access package).
 */
@Component
class AccessRefusals {

    private static final Logger log = LoggerFactory.getLogger(AccessRefusals.class);

    private final OpsAudit audit;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    AccessRefusals(OpsAudit audit) {
        this.audit = audit;
    }

    @EventListener
    void on(AuthorizationDeniedEvent<?> denied) {
        Authentication operator = denied.getAuthentication().get();
        if (!(denied.getObject() instanceof HttpServletRequest request) || !trust.isAuthenticated(operator)) {
            return;
        }
        String command = request.getMethod() + " " + request.getRequestURI();
        String query = request.getQueryString();
        try {
            audit.record(
                    operator.getName(),
                    command,
                    query == null ? Audited.args() : Audited.args("query", query),
                    "refused (403): needs the operator role");
        } catch (RuntimeException e) {
            // The request is refused either way; nothing happened that the log would miss.
            log.warn(
                    "Refusal of {} to {} not written to the audit log: {}",
                    command,
                    operator.getName(),
                    e.getMessage());
        }
    }
}

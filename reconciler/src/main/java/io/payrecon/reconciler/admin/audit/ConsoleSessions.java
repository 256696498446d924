package io.payrecon.reconciler.admin.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Writes the console's sign-ins and sign-outs to the audit log (command {@code console sign-in}, {@code console
 * sign-out}, with the remote address), so the log shows who was in the console when. Failed sign-ins name no operator
 * and are only logged (access.ConsoleSignIn). Only the console publishes these: the admin API's keys are checked on
 * every request, without an event.
 */
@Component
class ConsoleSessions {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSessions.class);

    private final OpsAudit audit;

    ConsoleSessions(OpsAudit audit) {
        this.audit = audit;
    }

    @EventListener
    void on(AuthenticationSuccessEvent signedIn) {
        write("console sign-in", signedIn.getAuthentication(), "signed in");
    }

    @EventListener
    void on(LogoutSuccessEvent signedOut) {
        write("console sign-out", signedOut.getAuthentication(), "signed out");
    }

    private void write(String command, Authentication operator, String outcome) {
        if (operator == null || operator.getName() == null) {
            return;
        }
        String address =
                operator.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        try {
            audit.record(operator.getName(), command, Audited.args("address", address), outcome);
        } catch (RuntimeException e) {
            // Signing in or out happened either way; the reconciler's log has it.
            log.warn("{} of {} not written to the audit log: {}", command, operator.getName(), e.getMessage());
        }
    }
}

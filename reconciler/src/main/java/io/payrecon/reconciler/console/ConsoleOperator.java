package io.payrecon.reconciler.console;

import java.security.Principal;
import org.springframework.security.core.Authentication;

/** The signed-in operator as the layout shows them: name and role ({@code read-only} or {@code operator}). */
public record ConsoleOperator(String name, String role) {

    public boolean mayAct() {
        return "operator".equals(role);
    }

    /** Null when nobody is signed in. */
    public static ConsoleOperator of(Principal principal) {
        if (!(principal instanceof Authentication authentication) || !authentication.isAuthenticated()) {
            return null;
        }
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
        return new ConsoleOperator(authentication.getName(), operator ? "operator" : "read-only");
    }
}

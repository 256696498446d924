package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties.Operator;
import io.payrecon.reconciler.ReconcilerProperties.Role;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An operator known by their key: named by {@link #getName()} (what the audit log records), with their role as the
 * authority {@code ROLE_READ_ONLY} or {@code ROLE_OPERATOR}. It holds no key.
 */
final class OperatorAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private final Role role;

    OperatorAuthentication(Operator operator) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + operator.role().name())));
        this.name = operator.name();
        this.role = operator.role();
        setAuthenticated(true);
    }

    Role role() {
        return role;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    /** A key as sent in {@code X-Admin-Key}, before {@link OperatorKeys} found whose it is. */
    static final class PresentedKey extends AbstractAuthenticationToken {

        private String key;

        PresentedKey(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public void eraseCredentials() {
            key = null;
        }
    }
}

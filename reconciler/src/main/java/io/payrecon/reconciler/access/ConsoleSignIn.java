package io.payrecon.reconciler.access;

import io.payrecon.reconciler.ReconcilerProperties;
import io.payrecon.reconciler.ReconcilerProperties.Operator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The console's sign-in: the operator's name and their own operator key as the password, the same key as in
 * {@code X-Admin-Key} (no second secret store). The key must be the key of the operator so named: a right key with
 * another operator's name is refused like a wrong key, and the page never says which was wrong. Guarded by
 * {@link SignInThrottle}.
 */
final class ConsoleSignIn implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSignIn.class);

    private final OperatorKeys operators;
    private final SignInThrottle throttle;

    ConsoleSignIn(OperatorKeys operators, SignInThrottle throttle) {
        this.operators = operators;
        this.throttle = throttle;
    }

    /** Refused without looking at the key: too many failures for this name or from this address. */
    static final class Throttled extends AuthenticationException {
        Throttled() {
            super("Too many failed sign-ins for this name or from this address");
        }
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String name = presented.getName() == null ? "" : presented.getName().strip();
        String key = presented.getCredentials() == null
                ? ""
                : presented.getCredentials().toString();
        String address = presented.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "unknown";
        String printable = ReconcilerProperties.isOperatorName(name) ? name : "(a name no operator can have)";
        if (!throttle.admit(name, address)) { // counts this attempt, atomically with the check
            log.warn("Console sign-in as {} from {} refused: too many failed sign-ins", printable, address);
            throw new Throttled();
        }
        Optional<Operator> operator =
                operators.find(key).filter(found -> found.name().equals(name));
        if (operator.isEmpty()) {
            log.warn("Console sign-in as {} from {} refused: unknown operator name or key", printable, address);
            throw new BadCredentialsException("Unknown operator name or key");
        }
        throttle.succeeded(name, address);
        log.info(
                "Operator {} ({}) signed in to the console from {}",
                name,
                operator.get().role().configured(),
                address);
        return new OperatorAuthentication(operator.get());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

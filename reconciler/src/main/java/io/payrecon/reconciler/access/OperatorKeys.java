package io.payrecon.reconciler.access;

import io.payrecon.platform.access.ApiKeys;
import io.payrecon.reconciler.ReconcilerProperties.Operator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * The admin API's operators and their keys, kept only as SHA-256 hashes ({@code ADMIN_OPERATORS}). A presented key
 * is hashed and compared with every operator's hash in constant time, all of them every time, so neither the
 * comparison nor which entry matched tells how close a guess was. Keys are generated random strings (32 bytes, see
 * docs/operations.md), not passwords a person chose, so one SHA-256 is enough, as for API tokens: there is no
 * dictionary to try, and a slow hash would only slow every request down.
 */
final class OperatorKeys implements AuthenticationProvider {

    private record Entry(byte[] hash, Operator operator) {}

    private final List<Entry> entries;

    OperatorKeys(List<Operator> operators) {
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("At least one operator is required");
        }
        this.entries = operators.stream()
                .map(operator -> new Entry(HexFormat.of().parseHex(operator.keySha256()), operator))
                .toList();
    }

    /** The operator whose key this is, if any. */
    Optional<Operator> find(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.sha256(presented);
        Operator found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                found = entry.operator(); // no early exit: every entry is compared
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        return find((String) presented.getCredentials())
                .map(OperatorAuthentication::new)
                .orElseThrow(
                        () -> new BadCredentialsException("Unknown key in " + AccessConfiguration.ADMIN_KEY_HEADER));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OperatorAuthentication.PresentedKey.class.isAssignableFrom(authentication);
    }
}

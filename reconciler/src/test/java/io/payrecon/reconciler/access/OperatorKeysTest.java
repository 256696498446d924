package io.payrecon.reconciler.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.platform.access.ApiKeys;
import io.payrecon.reconciler.ReconcilerProperties.Operator;
import io.payrecon.reconciler.ReconcilerProperties.Role;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class OperatorKeysTest {

    private static final Operator ALICE = new Operator("alice", Role.OPERATOR, sha256("alice's key"));
    private static final Operator ALICE_NEXT = new Operator("alice", Role.OPERATOR, sha256("alice's next key"));
    private static final Operator BOB = new Operator("bob", Role.READ_ONLY, sha256("bob's key"));

    private final OperatorKeys keys = new OperatorKeys(List.of(ALICE, ALICE_NEXT, BOB));

    @Test
    void findsTheOperatorWhoseKeyItIs() {
        assertThat(keys.find("alice's key")).hasValue(ALICE);
        assertThat(keys.find("alice's next key")).hasValue(ALICE_NEXT);
        assertThat(keys.find("bob's key")).hasValue(BOB);
    }

    @Test
    void findsNoOneForAnUnknownMissingOrEmptyKey() {
        assertThat(keys.find("alice's key ")).isEmpty();
        assertThat(keys.find(sha256("alice's key")))
                .as("the hash is not the key")
                .isEmpty();
        assertThat(keys.find(null)).isEmpty();
        assertThat(keys.find("")).isEmpty();
    }

    @Test
    void authenticatesAKeyAsItsOperatorWithTheirRoleAndNoKey() {
        Authentication bob = keys.authenticate(new OperatorAuthentication.PresentedKey("bob's key"));

        assertThat(bob.isAuthenticated()).isTrue();
        assertThat(bob.getName()).isEqualTo("bob");
        assertThat(bob.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_READ_ONLY");
        assertThat(bob.getCredentials()).isNull();
        assertThat(bob.toString()).doesNotContain("bob's key");
    }

    @Test
    void refusesAKeyNoOperatorHas() {
        assertThatThrownBy(() -> keys.authenticate(new OperatorAuthentication.PresentedKey("guess")))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessageNotContaining("guess");
    }

    @Test
    void refusesToGuardWithNoOperators() {
        assertThatThrownBy(() -> new OperatorKeys(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sha256(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }
}

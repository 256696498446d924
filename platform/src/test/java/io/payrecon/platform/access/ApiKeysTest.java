package io.payrecon.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = ApiKeys.of(List.of("first-key", "rotated-key"));

    @Test
    void acceptsEveryConfiguredKey() {
        assertThat(keys.accepts("first-key")).isTrue();
        assertThat(keys.accepts("rotated-key")).isTrue();
    }

    @Test
    void rejectsAnUnknownKey() {
        assertThat(keys.accepts("first-key ")).isFalse();
        assertThat(keys.accepts("guess")).isFalse();
    }

    @Test
    void rejectsAMissingOrEmptyKey() {
        assertThat(keys.accepts(null)).isFalse();
        assertThat(keys.accepts("")).isFalse();
    }

    @Test
    void refusesToGuardWithNoKeys() {
        assertThatThrownBy(() -> ApiKeys.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void spacesCallsToTheRate() {
        RateLimit limit = new RateLimit(5);

        assertThat(limit.reserve(0)).isZero();
        assertThat(limit.reserve(0)).isEqualTo(SECOND / 5);
        assertThat(limit.reserve(0)).isEqualTo(2 * SECOND / 5);
        assertThat(limit.reserve(10 * SECOND)).isZero();
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new RateLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

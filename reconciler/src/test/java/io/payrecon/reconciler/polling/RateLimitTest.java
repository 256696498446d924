package io.payrecon.reconciler.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    void throttlingPausesCallsAndDoublesThePauseUpToFiveMinutes() {
        RateLimit limit = new RateLimit(5);

        assertThat(limit.throttled(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.reserve(0)).isEqualTo(SECOND);
        assertThat(limit.throttled(0)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            limit.throttled(0);
        }
        assertThat(limit.throttled(0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void successStartsTheNextThrottlingFromTheFirstPause() {
        RateLimit limit = new RateLimit(5);
        limit.throttled(0);
        limit.throttled(0);

        limit.succeeded();

        assertThat(limit.throttled(100 * SECOND)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new RateLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

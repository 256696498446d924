package io.payrecon.reconciler.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), clock);

    @Test
    void aNameIsRefusedAfterTooManyFailuresFromAnyAddress() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.refused("alice", "10.0.0.3")).isFalse();

        throttle.failed("alice", "10.0.0.4");

        assertThat(throttle.refused("alice", "10.0.0.5")).isTrue();
        assertThat(throttle.refused("carol", "10.0.0.5")).isFalse();
    }

    @Test
    void anAddressIsRefusedAfterTooManyFailuresWhateverTheName() {
        throttle.failed("a", "10.0.0.9");
        throttle.failed("b", "10.0.0.9");
        throttle.failed("c", "10.0.0.9");

        assertThat(throttle.refused("carol", "10.0.0.9")).isTrue();
        assertThat(throttle.refused("carol", "10.0.0.8")).isFalse();
    }

    @Test
    void theLockoutEndsOnceItsTimeHasPassedSinceTheFirstFailure() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.refused("alice", "10.0.0.1")).isTrue();

        clock.advance(Duration.ofMinutes(12)); // 15 min after the first failure
        assertThat(throttle.refused("alice", "10.0.0.1")).isFalse();

        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.refused("alice", "10.0.0.1"))
                .as("counting starts again")
                .isFalse();
    }

    @Test
    void aSuccessClearsTheNamesFailuresButNotTheAddresses() {
        throttle.failed("alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.1");
        throttle.succeeded("alice");
        throttle.failed("alice", "10.0.0.1");

        assertThat(throttle.refused("alice", "10.0.0.2")).isFalse();
        assertThat(throttle.refused("bob", "10.0.0.1")).isTrue();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

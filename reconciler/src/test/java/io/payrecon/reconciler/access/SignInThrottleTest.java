package io.payrecon.reconciler.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(3, 6, Duration.ofMinutes(15), clock);

    /** An attempt with a wrong key: admitted or not, it counts. */
    private boolean fail(String name, String address) {
        return throttle.admit(name, address);
    }

    @Test
    void aNameIsRefusedAfterTooManyFailuresFromAnyAddress() {
        fail("alice", "10.0.0.1");
        fail("alice", "10.0.0.2");
        fail("alice", "10.0.0.4");

        assertThat(throttle.admit("alice", "10.0.0.5")).isFalse();
        assertThat(throttle.admit("carol", "10.0.0.5")).isTrue();
    }

    @Test
    void anAddressIsRefusedOnlyAfterMoreFailuresThanAName() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            fail(name, "10.0.0.9");
        }
        assertThat(throttle.admit("carol", "10.0.0.9"))
                .as("the 6th attempt from one address (per name: 3)")
                .isTrue();

        assertThat(throttle.admit("dave", "10.0.0.9")).isFalse();
        assertThat(throttle.admit("dave", "10.0.0.8")).isTrue();
    }

    @Test
    void attemptsForALockedNameDoNotCountAgainstTheAddress() {
        for (int i = 0; i < 3; i++) {
            fail("alice", "10.0.0.1");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.admit("alice", "10.0.0.1")).isFalse();
        }
        assertThat(throttle.admit("bob", "10.0.0.1")).isTrue();
    }

    @Test
    void theLockoutEndsOnceItsTimeHasPassedSinceTheFirstFailure() {
        for (int i = 0; i < 3; i++) {
            fail("alice", "10.0.0.1");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.admit("alice", "10.0.0.1")).isFalse();

        clock.advance(Duration.ofMinutes(12)); // 15 min after the first failure
        assertThat(throttle.admit("alice", "10.0.0.1"))
                .as("counting starts again")
                .isTrue();
        assertThat(throttle.admit("alice", "10.0.0.1")).isTrue();
    }

    @Test
    void aSuccessClearsTheNamesFailuresAndDoesNotCountAgainstTheAddress() {
        fail("alice", "10.0.0.1");
        fail("alice", "10.0.0.1");
        assertThat(throttle.admit("alice", "10.0.0.1")).isTrue();
        throttle.succeeded("alice", "10.0.0.1");
        fail("alice", "10.0.0.1");

        assertThat(throttle.admit("alice", "10.0.0.2")).isTrue();
        // address 10.0.0.1: 3 failures and 1 success (not counted), so 3 more of its 6
        assertThat(throttle.admit("bob", "10.0.0.1")).isTrue();
        assertThat(throttle.admit("bob", "10.0.0.1")).isTrue();
        assertThat(throttle.admit("bob", "10.0.0.1")).isTrue();
        assertThat(throttle.admit("bob", "10.0.0.1")).isFalse();
    }

    @Test
    void namesNoOperatorCanHaveShareOneKey() {
        String huge = "x".repeat(2 * 1024 * 1024);
        fail(huge, "10.0.0.1");
        fail("has space", "10.0.0.2");
        fail("ünïcode", "10.0.0.3");
        for (int i = 0; i < 100; i++) {
            fail("y".repeat(65) + i, "10.0.0." + (10 + i));
        }

        assertThat(throttle.admit("another name", "10.0.0.200")).isFalse();
        assertThat(throttle.admit("alice", "10.0.0.200")).isTrue();
        assertThat(throttle.tracked())
                .as("one key for all those names, the first 3 addresses (the rest were refused for the name, so "
                        + "not held against the address), alice and her address")
                .isEqualTo(1 + 3 + 2);
    }

    @Test
    void whenStillFullAfterPruningEverySignInIsRefused() {
        SignInThrottle small = new SignInThrottle(3, 6, Duration.ofMinutes(15), clock, 10);
        for (int i = 0; i < 5; i++) {
            small.admit("user" + i, "10.0.0." + i);
        }
        assertThat(small.tracked()).isEqualTo(10);

        assertThat(small.admit("alice", "10.0.1.1")).isFalse();
        assertThat(small.tracked()).isEqualTo(10);

        clock.advance(Duration.ofMinutes(15));
        assertThat(small.admit("alice", "10.0.1.1"))
                .as("the expired ones are dropped")
                .isTrue();
        assertThat(small.tracked()).isEqualTo(2);
    }

    @Test
    void aParallelBurstGetsNoMoreAttemptsThroughThanTheLimit() throws Exception {
        SignInThrottle burst = new SignInThrottle(5, 50, Duration.ofMinutes(15), clock);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                attempts.add(() -> burst.admit("alice", "10.0.0.1"));
            }
            int admitted = 0;
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                admitted += result.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
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

package io.payrecon.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The system clock plus an offset that tests move forward, to make links expire or a backoff pass without waiting.
 * One per JVM, shared by every app instance a test starts, and only ever moved forward: links created by earlier
 * tests simply become older.
 */
public final class TestClock extends Clock {

    private static final TestClock SHARED = new TestClock();

    private volatile Duration offset = Duration.ZERO;

    private TestClock() {}

    public static TestClock shared() {
        return SHARED;
    }

    /** Moves time forward for every instance of the service in this JVM. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The test clock only moves forward");
        }
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("link-service works in UTC");
    }

    /** Replaces the service's clock with the shared test clock. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        Clock testClock() {
            return SHARED;
        }
    }
}

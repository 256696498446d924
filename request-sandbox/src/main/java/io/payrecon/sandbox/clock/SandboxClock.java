package io.payrecon.sandbox.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The sandbox's notion of now: the real time plus an offset that tests and demos move with {@code /sandbox/clock}
 * (to expire links without waiting seven days). It keeps ticking after a move. Link lifetimes, payment and webhook
 * timestamps follow it; webhook retry timing and rate-limit windows stay on real time.
 */
@Component
public class SandboxClock extends Clock {

    private final Clock real;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    SandboxClock() {
        this(Clock.systemUTC());
    }

    SandboxClock(Clock real) {
        this.real = real;
    }

    /** Now, to the millisecond, like the provider's timestamps. */
    @Override
    public Instant instant() {
        return real.instant().plus(offset.get()).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(real, offset.get()).withZone(zone);
    }

    /** How far the sandbox runs ahead of (or behind) the real time. */
    public Duration offset() {
        return offset.get();
    }

    /** Moves the sandbox time by {@code amount} (negative moves it back). */
    public Instant advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
        return instant();
    }

    /** Makes it {@code time} now; the clock keeps ticking from there. */
    public Instant set(Instant time) {
        offset.set(Duration.between(real.instant(), time));
        return instant();
    }

    /** Back to the real time. */
    public Instant reset() {
        offset.set(Duration.ZERO);
        return instant();
    }
}

package io.payrecon.sandbox.clock;

import io.payrecon.sandbox.journal.Journal;
import io.payrecon.sandbox.journal.Replayer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The sandbox's notion of now: the real time plus an offset that tests and demos move with {@code /sandbox/clock}
 * (to expire links without waiting seven days). It keeps ticking after a move, and across a restart (the offset is
 * journaled). Link lifetimes, payment and webhook timestamps follow it; webhook retry timing, latency and rate-limit
 * windows stay on real time.
 */
@Component
public class SandboxClock extends Clock implements Replayer<ClockFact> {

    private final Clock real;
    private final Journal journal;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Autowired
    SandboxClock(Journal journal) {
        this(Clock.systemUTC(), journal);
    }

    SandboxClock(Clock real, Journal journal) {
        this.real = real;
        this.journal = journal;
    }

    @Override
    public Class<ClockFact> facts() {
        return ClockFact.class;
    }

    @Override
    public void replay(ClockFact fact) {
        switch (fact) {
            case ClockFact.ClockMoved moved -> offset.set(Duration.parse(moved.offset()));
        }
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
    public synchronized Instant advance(Duration amount) {
        return moveTo(offset.get().plus(amount));
    }

    /** Makes it {@code time} now; the clock keeps ticking from there. */
    public synchronized Instant set(Instant time) {
        return moveTo(Duration.between(real.instant(), time));
    }

    /** Back to the real time. */
    public synchronized Instant reset() {
        return moveTo(Duration.ZERO);
    }

    private Instant moveTo(Duration newOffset) {
        ClockFact.ClockMoved moved = new ClockFact.ClockMoved(newOffset.toString());
        journal.append(moved);
        replay(moved);
        return instant();
    }
}

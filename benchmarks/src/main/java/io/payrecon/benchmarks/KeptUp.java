package io.payrecon.benchmarks;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When a phase's latencies stopped queueing: the worst latency of the requests due in each second of the phase (by
 * their intended send time, warm-up included), and from which second on every second's worst stayed within a limit.
 * A system still warming up (its JIT compilers busy, its consumers behind) falls behind the open-loop load and
 * catches up later; this says how long that took, so a measured phase that holds part of it is seen to.
 */
final class KeptUp {

    private final int rate;
    /** Per second, the worst latency in nanoseconds; 0 while none was recorded. */
    private final AtomicLongArray worst;

    KeptUp(int rate, int seconds) {
        this.rate = rate;
        this.worst = new AtomicLongArray(seconds);
    }

    /** The latency of request {@code index} (due at {@code index / rate} seconds into the phase). */
    void record(int index, long latencyNanos) {
        worst.accumulateAndGet(index / rate, Math.max(latencyNanos, 1), Math::max);
    }

    /**
     * The first second from which every later second's worst latency was at most {@code limit}, each with a latency
     * recorded; empty when the last second's was not.
     */
    OptionalInt from(Duration limit) {
        int from = worst.length();
        while (from > 0) {
            long latency = worst.get(from - 1);
            if (latency == 0 || latency > limit.toNanos()) {
                break;
            }
            from--;
        }
        return from == worst.length() ? OptionalInt.empty() : OptionalInt.of(from);
    }
}

package io.payrecon.benchmarks;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.SequencedMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When a phase's latencies stopped queueing: the worst latency of the requests due in each second of the phase (by
 * their intended send time, warm-up included), and from which second on every second kept up: all its requests
 * recorded, none failed, none slower than a limit. A system still warming up (its JIT compilers busy, its consumers
 * behind) falls behind the open-loop load and catches up later; this says when, so that a measured phase holding
 * seconds that did not keep up (a warm-up not over, or a stall) is seen to.
 */
final class KeptUp {

    private final int rate;
    /** Per second, the worst latency in nanoseconds. */
    private final AtomicLongArray worst;
    /** Per second, the requests recorded (answered, failed, or their event seen). */
    private final AtomicIntegerArray recorded;

    /**
     * @param rate requests due each second
     * @param seconds the phase's length: {@code rate * seconds} requests
     */
    KeptUp(int rate, int seconds) {
        this.rate = rate;
        this.worst = new AtomicLongArray(seconds);
        this.recorded = new AtomicIntegerArray(seconds);
    }

    /** The latency of request {@code index} (due at {@code index / rate} seconds into the phase). */
    void record(int index, long latencyNanos) {
        worst.accumulateAndGet(index / rate, latencyNanos, Math::max);
        recorded.incrementAndGet(index / rate);
    }

    /** Request {@code index} failed: its second did not keep up. */
    void failed(int index) {
        record(index, Long.MAX_VALUE);
    }

    /**
     * The first second from which every second, to the phase's last, had all its requests recorded within
     * {@code limit}; empty when the last second did not.
     */
    OptionalInt from(Duration limit) {
        int from = worst.length();
        while (from > 0 && keptUp(from - 1, limit)) {
            from--;
        }
        return from == worst.length() ? OptionalInt.empty() : OptionalInt.of(from);
    }

    /** How many seconds from {@code second} on did not keep up. */
    int behindFrom(int second, Duration limit) {
        int behind = 0;
        for (int s = second; s < worst.length(); s++) {
            if (!keptUp(s, limit)) {
                behind++;
            }
        }
        return behind;
    }

    /**
     * The worst latency of each second of several measures of one phase, in milliseconds (empty where nothing was
     * recorded), as CSV, one column a measure, named {@code <name>_worst_ms}: shows whether a tail is spread over the
     * phase or comes from a few seconds, which, and where on the way (the gateway's answer, the reconciler's apply,
     * the relay's send, the status event read).
     *
     * @param measures by column name, in column order, all of one phase
     * @param measuredFrom the phase's first measured second (warm-up before it)
     */
    static String worstBySecondCsv(SequencedMap<String, KeptUp> measures, int measuredFrom) {
        StringBuilder csv = new StringBuilder("second,measured");
        measures.keySet().forEach(name -> csv.append(',').append(name).append("_worst_ms"));
        csv.append('\n');
        int seconds = measures.firstEntry().getValue().worst.length();
        for (int second = 0; second < seconds; second++) {
            csv.append(second).append(',').append(second >= measuredFrom);
            for (KeptUp measure : measures.values()) {
                csv.append(',').append(measure.worstMillis(second));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private String worstMillis(int second) {
        long nanos = worst.get(second);
        if (recorded.get(second) == 0) {
            return "";
        }
        return nanos == Long.MAX_VALUE ? "failed" : Long.toString(nanos / 1_000_000);
    }

    /** Whether every request of {@code second} was recorded, none later than {@code limit}. */
    private boolean keptUp(int second, Duration limit) {
        return recorded.get(second) >= rate && worst.get(second) <= limit.toNanos();
    }
}

package io.payrecon.benchkit;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A benchmark's latency distribution, recorded from intended times (open loop: waiting behind a slow answer counts),
 * in microseconds, three significant digits, safe to record from many threads.
 */
public final class LatencyHistogram {

    private final String name;
    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(2), 3);

    public LatencyHistogram(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one latency; negative values (answered before the intended time) count as zero. */
    public void record(long nanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at this percentile (0-100) in milliseconds. */
    public double millisAt(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return histogram.getMaxValue() / 1000.0;
    }

    /** {@code name: p50 …, p90 …, p99 …, p99.9 …, max … (n samples)}. */
    public String summary() {
        if (count() == 0) {
            return name + ": no samples";
        }
        return "%s: p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (%d samples)"
                .formatted(
                        name,
                        format(millisAt(50)),
                        format(millisAt(90)),
                        format(millisAt(99)),
                        format(millisAt(99.9)),
                        format(maxMillis()),
                        count());
    }

    /** The whole distribution in HdrHistogram's percentile format (values in milliseconds), for plotting. */
    public void printDistribution(PrintStream out) {
        histogram.outputPercentileDistribution(out, 1000.0);
    }

    /** {@code 0.4 ms}, {@code 12 ms}, {@code 10.5 s}. */
    public static String format(double millis) {
        return millis >= 10_000
                ? "%.1f s".formatted(millis / 1000)
                : millis >= 10 ? "%.0f ms".formatted(millis) : "%.1f ms".formatted(millis);
    }
}

package io.payrecon.sandbox.latency;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A log-normal distribution of waits fitted to a median and a 99th percentile: {@code ln(wait)} is normal with mean
 * {@code ln(median)} and standard deviation {@code ln(p99 / median) / 2.326}, the 99th percentile of the standard
 * normal. Network and service latencies are skewed that way: most calls near the median, a long tail. Samples are cut
 * at {@value #CAP} × p99 (about one in a hundred thousand for the sandbox's defaults), so a rare draw cannot stall a
 * test for minutes. A median of zero never waits; a p99 equal to the median always waits the median.
 */
record LogNormal(Duration median, Duration p99) {

    /** The 99th percentile of the standard normal distribution. */
    static final double Z99 = 2.3263478740408408;

    static final int CAP = 4;

    LogNormal {
        if (median.isNegative() || p99.isNegative()) {
            throw new IllegalArgumentException("A latency's median and p99 must not be negative");
        }
        if (!median.isZero() && p99.compareTo(median) < 0) {
            throw new IllegalArgumentException("A latency's p99 (" + p99 + ") must not be below its median (" + median
                    + "); set the median to 0 to turn it off");
        }
    }

    boolean off() {
        return median.isZero();
    }

    /** One wait, to the microsecond. */
    Duration sample(RandomGenerator random) {
        if (off()) {
            return Duration.ZERO;
        }
        double medianMicros = median.toNanos() / 1_000.0;
        double sigma = Math.log((double) p99.toNanos() / median.toNanos()) / Z99;
        double micros = medianMicros * Math.exp(sigma * random.nextGaussian());
        double cap = CAP * p99.toNanos() / 1_000.0;
        return Duration.ofNanos(Math.round(Math.min(micros, cap)) * 1_000);
    }
}

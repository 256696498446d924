package io.payrecon.reconciler.console.overview;

import java.time.Duration;
import java.time.Instant;

/** Rates from counters that only grow: per minute between two readings. */
final class Rates {

    private Rates() {}

    /**
     * How much the counter grew per minute from {@code before} (at {@code beforeAt}) to {@code now} (at {@code nowAt}).
     * Unknown (NaN) when either reading is, when no time passed, or when the counter went back (the process counting
     * it restarted: its growth since is not known).
     */
    static double perMinute(double before, Instant beforeAt, double now, Instant nowAt) {
        if (Double.isNaN(before) || Double.isNaN(now) || beforeAt == null || nowAt == null) {
            return Double.NaN;
        }
        long millis = Duration.between(beforeAt, nowAt).toMillis();
        if (millis <= 0 || now < before) {
            return Double.NaN;
        }
        return (now - before) * 60_000.0 / millis;
    }
}

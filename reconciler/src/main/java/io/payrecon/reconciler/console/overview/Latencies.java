package io.payrecon.reconciler.console.overview;

/**
 * Percentiles of what a timer recorded between two readings of its histogram: the difference of their cumulative
 * bucket counts is the interval's distribution, and a percentile is the upper bound of the bucket it falls in (what
 * the histogram can tell; Prometheus' {@code histogram_quantile} interpolates within the bucket instead).
 */
final class Latencies {

    private Latencies() {}

    /**
     * @param bounds the buckets' upper bounds, in seconds, increasing
     * @param before cumulative counts per bucket at the earlier reading (null: from the start)
     * @param now cumulative counts per bucket at the later reading
     * @param quantile between 0 and 1, such as 0.99
     * @return the bound in seconds, NaN when nothing was recorded in between (or the readings do not match), +Infinity
     *     when it lies beyond the last bucket
     */
    static double percentile(
            double[] bounds, double[] before, double[] now, double total, double totalBefore, double quantile) {
        if (now == null || bounds.length != now.length || (before != null && before.length != now.length)) {
            return Double.NaN;
        }
        double count = total - totalBefore;
        if (!(count > 0)) {
            return Double.NaN;
        }
        double wanted = quantile * count;
        for (int i = 0; i < bounds.length; i++) {
            double cumulative = now[i] - (before == null ? 0 : before[i]);
            if (cumulative >= wanted) {
                return bounds[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}

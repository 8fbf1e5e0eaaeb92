package dev.runbook.core.history;

/**
 * Statistics of one metric over a window: count, sum, min, max, average and percentiles (linear interpolation
 * between closest ranks). Exact when computed from detail; when any part of the window came from hourly
 * rollups, {@code approximate} is true and the percentiles are within the rollups' documented relative error
 * (the store's {@code LogHistogram.RELATIVE_ERROR}); count, sum, min, max and average stay exact. Fields other
 * than count are NaN when count is 0. Immutable.
 *
 * @param count       number of values
 * @param sum         their sum
 * @param min         smallest
 * @param max         largest
 * @param avg         mean
 * @param p50         median
 * @param p95         95th percentile
 * @param p99         99th percentile
 * @param approximate true if percentiles were read from rollup histograms
 */
public record Aggregate(long count, double sum, double min, double max, double avg, double p50, double p95,
                        double p99, boolean approximate) {

    /** No values. */
    public static final Aggregate EMPTY = new Aggregate(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, false);

    /** True when there were no values. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Exact statistics of the first {@code n} values (the array is sorted in place). */
    public static Aggregate exact(double[] values, int n) {
        if (n == 0) {
            return EMPTY;
        }
        java.util.Arrays.sort(values, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return new Aggregate(n, sum, values[0], values[n - 1], sum / n, percentile(values, n, 50),
                percentile(values, n, 95), percentile(values, n, 99), false);
    }

    /** Linear interpolation between closest ranks over sorted values (numpy's default, SQLite's percentile()). */
    public static double percentile(double[] sorted, int n, double p) {
        double h = p / 100.0 * (n - 1);
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

package dev.runbook.checks.logs;

import java.util.Arrays;

/**
 * Percentiles by linear interpolation between closest ranks, as numpy's default and SQLite's {@code percentile()}
 * compute them: rank {@code p/100 * (n-1)}, interpolated between its floor and ceiling. Stateless and
 * thread-safe.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The p-th percentile (0–100) of values already sorted ascending; NaN for none. */
    public static double ofSorted(double[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        double rank = p / 100.0 * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /** Sorts a copy of the first n values and returns the p-th percentile. */
    public static double of(double[] values, int n, double p) {
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return ofSorted(copy, n, p);
    }
}

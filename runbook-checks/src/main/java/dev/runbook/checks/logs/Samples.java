package dev.runbook.checks.logs;

import java.util.Arrays;

/** A growable array of doubles with its summary (avg, p95, p99, max). Not thread-safe. */
final class Samples {
    private double[] values = new double[256];
    private int size;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
        sum += v;
        if (v > max) {
            max = v;
        }
    }

    int size() {
        return size;
    }

    double avg() {
        return sum / size;
    }

    double max() {
        return max;
    }

    /** Sorts in place and returns {p95, p99}. */
    double[] p95p99() {
        Arrays.sort(values, 0, size);
        return new double[] {Percentiles.ofSorted(values, size, 95), Percentiles.ofSorted(values, size, 99)};
    }
}

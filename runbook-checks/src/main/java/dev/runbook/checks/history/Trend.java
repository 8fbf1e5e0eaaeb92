package dev.runbook.checks.history;

import dev.runbook.core.MetricPoint;
import java.time.Instant;
import java.util.List;

/**
 * An ordinary least-squares line through a metric's points: value = intercept + slope × (seconds since
 * {@code origin}). Immutable.
 */
record Trend(Instant origin, double intercept, double slopePerSecond, int points) {

    /** The fitted line, or null with fewer than two points or all at the same instant. */
    static Trend fit(List<MetricPoint> points) {
        int n = points.size();
        if (n < 2) {
            return null;
        }
        Instant origin = points.get(0).at();
        double sx = 0;
        double sy = 0;
        for (MetricPoint p : points) {
            sx += seconds(origin, p.at());
            sy += p.value();
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (MetricPoint p : points) {
            double dx = seconds(origin, p.at()) - mx;
            sxx += dx * dx;
            sxy += dx * (p.value() - my);
        }
        if (sxx == 0) {
            return null;
        }
        double slope = sxy / sxx;
        return new Trend(origin, my - slope * mx, slope, n);
    }

    double at(Instant t) {
        return intercept + slopePerSecond * seconds(origin, t);
    }

    private static double seconds(Instant origin, Instant t) {
        return (t.toEpochMilli() - origin.toEpochMilli()) / 1000.0;
    }
}

package dev.runbook.reports;

import static dev.runbook.reports.TimeAxis.n;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A word-sized inline SVG line of a metric over a window (the status page's 24 hours): no axes, the last value
 * marked, the warning and critical levels as faint lines when they fall inside the drawn range, and a text
 * alternative. Pure; thread-safe.
 */
public final class Sparkline {
    private static final int WIDTH = 140;
    private static final int HEIGHT = 28;

    private Sparkline() {
    }

    /**
     * @param label    what it shows, for the text alternative ("health.response_time over 24 h")
     * @param points   the values in {@code [from, to)}, oldest first
     * @param warning  the warning level or NaN
     * @param critical the critical level or NaN
     * @param format   how a value is written in the text alternative
     */
    public static String svg(String label, List<ChartPoint> points, Instant from, Instant to, ZoneId zone,
                             double warning, double critical, java.util.function.DoubleFunction<String> format) {
        StringBuilder b = new StringBuilder(256 + points.size() * 12);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\"><title>");
        if (points.isEmpty()) {
            b.append(HtmlText.escape(label + ": no data")).append("</title><line x1=\"2\" y1=\"").append(HEIGHT / 2)
                    .append("\" x2=\"").append(WIDTH - 2).append("\" y2=\"").append(HEIGHT / 2)
                    .append("\" stroke=\"#c3c7cc\" stroke-dasharray=\"3 3\"/></svg>");
            return b.toString();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ChartPoint p : points) {
            lo = Math.min(lo, p.value());
            hi = Math.max(hi, p.value());
        }
        ChartPoint last = points.get(points.size() - 1);
        b.append(HtmlText.escape(label + ": " + points.size() + " values, lowest " + format.apply(lo) + ", highest "
                + format.apply(hi) + ", last " + format.apply(last.value()))).append("</title>");
        double span = hi - lo;
        if (span <= 0) {
            span = Math.max(Math.abs(hi), 1);
            lo -= span / 2;
        }
        final double low = lo;
        final double range = span;
        TimeAxis t = new TimeAxis(from, to, zone, 2, WIDTH - 5);
        java.util.function.DoubleUnaryOperator y = v -> HEIGHT - 3 - (v - low) / range * (HEIGHT - 6);
        for (double level : new double[] {warning, critical}) {
            if (!Double.isNaN(level) && level >= lo && level <= lo + span) {
                b.append("<line x1=\"2\" x2=\"").append(WIDTH - 2).append("\" y1=\"").append(n(y.applyAsDouble(level)))
                        .append("\" y2=\"").append(n(y.applyAsDouble(level))).append("\" stroke=\"")
                        .append(level == critical ? TimeSeriesChart.CRITICAL : TimeSeriesChart.WARNING)
                        .append("\" stroke-opacity=\"0.5\" stroke-dasharray=\"2 2\"/>");
            }
        }
        b.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.3\" points=\"");
        for (int i = 0; i < points.size(); i++) {
            ChartPoint p = points.get(i);
            b.append(i == 0 ? "" : " ").append(n(t.x(p.at()))).append(',').append(n(y.applyAsDouble(p.value())));
        }
        if (points.size() == 1) {
            b.append(' ').append(n(t.x(last.at()) + 2)).append(',').append(n(y.applyAsDouble(last.value())));
        }
        b.append("\"/><circle cx=\"").append(n(t.x(last.at()))).append("\" cy=\"").append(n(y.applyAsDouble(last.value())))
                .append("\" r=\"2\" fill=\"#1f6feb\"/></svg>");
        return b.toString();
    }
}

package dev.runbook.reports;

import static dev.runbook.reports.TimeAxis.n;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A metric over a period as an inline SVG line chart: the series, its warning and critical levels as horizontal
 * lines, optionally a dashed forecast line, a title, a value axis in the metric's unit, a time axis in the runbook's
 * zone, and a text alternative ({@code <title>}, {@code <desc>}, {@code role="img"}). Colours are SVG attributes,
 * not CSS, so the chart keeps them in an email client that drops style sheets. Build one per chart; not
 * thread-safe.
 */
public final class TimeSeriesChart {
    /** Colour of the warning level and of Warning statuses. */
    public static final String WARNING = "#b26a00";
    /** Colour of the critical level and of Critical statuses. */
    public static final String CRITICAL = "#c62828";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 230;
    private static final double LEFT = 64;
    private static final double RIGHT = WIDTH - 16;
    private static final double TOP = 34;
    private static final double BOTTOM = HEIGHT - 44;

    /**
     * A horizontal level line.
     *
     * @param kind  {@code warning} or {@code critical}
     * @param value where, in the chart's unit
     */
    public record Level(String kind, double value) {
    }

    private final String id;
    private final String title;
    private final String unit;
    private final Instant from;
    private final Instant to;
    private final ZoneId zone;
    private DoubleFunction<String> format = v -> TimeAxis.n(v);
    private List<ChartPoint> series = List.of();
    private List<ChartPoint> forecast = List.of();
    private final List<Level> levels = new ArrayList<>();

    /**
     * @param id    unique within the page (used for the text alternative's ids)
     * @param title what the chart shows ("disk usage (disk-root)")
     * @param unit  the value axis's unit ("%", "s", "GB"); empty for a count
     */
    public TimeSeriesChart(String id, String title, String unit, Instant from, Instant to, ZoneId zone) {
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.unit = unit == null ? "" : unit;
        this.from = from;
        this.to = to;
        this.zone = zone;
    }

    /** How values are written in labels and in the text alternative (with their unit). */
    public TimeSeriesChart format(DoubleFunction<String> f) {
        this.format = Objects.requireNonNull(f);
        return this;
    }

    /** The measured values, oldest first. */
    public TimeSeriesChart series(List<ChartPoint> points) {
        this.series = List.copyOf(points);
        return this;
    }

    /** A forecast line (drawn dashed), oldest first; it may reach beyond the period. */
    public TimeSeriesChart forecast(List<ChartPoint> points) {
        this.forecast = List.copyOf(points);
        return this;
    }

    /** Adds a warning or critical level. */
    public TimeSeriesChart level(String kind, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            levels.add(new Level(kind, value));
        }
        return this;
    }

    /** The chart as an {@code <svg>} element. */
    public String svg() {
        Instant end = to;
        for (ChartPoint p : forecast) {
            if (p.at().isAfter(end)) {
                end = p.at();
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<ChartPoint> l : List.of(series, forecast)) {
            for (ChartPoint p : l) {
                lo = Math.min(lo, p.value());
                hi = Math.max(hi, p.value());
            }
        }
        for (Level l : levels) {
            lo = Math.min(lo, l.value());
            hi = Math.max(hi, l.value());
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(0, lo);
        // lo <= 0: the span below covers both ends, so there are always 4 to 6 grid lines
        double step = niceStep(Math.max(hi - lo, Math.max(-lo, hi)) / 4);
        double top = Math.max(step, Math.ceil(hi / step) * step);
        if (top <= hi) {
            top += step;
        }
        double bottom = Math.floor(lo / step) * step;
        TimeAxis t = new TimeAxis(from, end, zone, LEFT, RIGHT);
        double scale = (BOTTOM - TOP) / (top - bottom);
        final double yBottom = bottom;
        java.util.function.DoubleUnaryOperator y = v -> BOTTOM - (v - yBottom) * scale;

        StringBuilder b = new StringBuilder(4096);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\">");
        b.append("<title id=\"").append(id).append("-t\">").append(HtmlText.escape(title)).append("</title>");
        b.append("<desc id=\"").append(id).append("-d\">").append(HtmlText.escape(description())).append("</desc>");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" fill=\"#ffffff\"/>");
        b.append("<text x=\"").append(n(LEFT)).append("\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2328\">")
                .append(HtmlText.escape(title)).append("</text>");
        for (double v = bottom; v <= top + step / 2; v += step) {
            double yy = y.applyAsDouble(v);
            b.append("<line x1=\"").append(n(LEFT)).append("\" y1=\"").append(n(yy)).append("\" x2=\"").append(n(RIGHT))
                    .append("\" y2=\"").append(n(yy)).append("\" stroke=\"#e3e6ea\" stroke-width=\"1\"/>");
            b.append("<text x=\"").append(n(LEFT - 6)).append("\" y=\"").append(n(yy + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a4f57\">")
                    .append(HtmlText.escape(format.apply(v))).append("</text>");
        }
        b.append("<text transform=\"translate(12 ").append(n((TOP + BOTTOM) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a4f57\">")
                .append(HtmlText.escape(unit.isEmpty() ? "count" : unit)).append("</text>");
        t.draw(b, BOTTOM, 4);
        for (Level l : levels) {
            String colour = "critical".equals(l.kind()) ? CRITICAL : WARNING;
            double yy = y.applyAsDouble(l.value());
            b.append("<line class=\"level level-").append(HtmlText.escape(l.kind())).append("\" x1=\"").append(n(LEFT))
                    .append("\" y1=\"").append(n(yy)).append("\" x2=\"").append(n(RIGHT)).append("\" y2=\"").append(n(yy))
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>");
            b.append("<text x=\"").append(n(RIGHT - 2)).append("\" y=\"").append(n(yy - 4))
                    .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"").append(colour).append("\">")
                    .append(HtmlText.escape(l.kind() + " " + format.apply(l.value()))).append("</text>");
        }
        if (!series.isEmpty()) {
            b.append("<path class=\"series\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.6\" d=\"")
                    .append(path(series, t, y)).append("\"/>");
        } else {
            b.append("<text x=\"").append(n((LEFT + RIGHT) / 2)).append("\" y=\"").append(n((TOP + BOTTOM) / 2))
                    .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#4a4f57\">no data in this period</text>");
        }
        if (!forecast.isEmpty()) {
            b.append("<path class=\"forecast\" fill=\"none\" stroke=\"#6e40c9\" stroke-width=\"1.6\""
                    + " stroke-dasharray=\"4 4\" d=\"").append(path(forecast, t, y)).append("\"/>");
            ChartPoint last = forecast.get(forecast.size() - 1);
            b.append("<text x=\"").append(n(t.x(last.at()) - 2)).append("\" y=\"")
                    .append(n(y.applyAsDouble(last.value()) + 14)).append("\" text-anchor=\"end\" font-size=\"10\"")
                    .append(" fill=\"#6e40c9\">forecast</text>");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static String path(List<ChartPoint> pts, TimeAxis t, java.util.function.DoubleUnaryOperator y) {
        long gap = typicalGap(pts) * 3;
        StringBuilder d = new StringBuilder(pts.size() * 12);
        ChartPoint prev = null;
        for (ChartPoint p : pts) {
            boolean move = prev == null || (gap > 0 && p.at().toEpochMilli() - prev.at().toEpochMilli() > gap);
            d.append(move ? 'M' : 'L').append(n(t.x(p.at()))).append(' ').append(n(y.applyAsDouble(p.value())));
            prev = p;
        }
        if (pts.size() == 1) {
            d.append("h2");
        }
        return d.toString();
    }

    private static long typicalGap(List<ChartPoint> pts) {
        if (pts.size() < 3) {
            return 0;
        }
        long[] gaps = new long[pts.size() - 1];
        for (int i = 1; i < pts.size(); i++) {
            gaps[i - 1] = pts.get(i).at().toEpochMilli() - pts.get(i - 1).at().toEpochMilli();
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    private String description() {
        StringBuilder d = new StringBuilder(title).append(": ");
        if (series.isEmpty()) {
            d.append("no data in this period");
        } else {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (ChartPoint p : series) {
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
            d.append(series.size()).append(" values; lowest ").append(format.apply(min)).append(", highest ")
                    .append(format.apply(max)).append(", last ").append(format.apply(series.get(series.size() - 1).value()));
        }
        for (Level l : levels) {
            d.append("; ").append(l.kind()).append(" at ").append(format.apply(l.value()));
        }
        if (!forecast.isEmpty()) {
            ChartPoint f = forecast.get(forecast.size() - 1);
            d.append("; forecast ").append(format.apply(f.value())).append(" by ")
                    .append(f.at().atZone(zone).toLocalDate());
        }
        return d.toString();
    }

    static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }
}

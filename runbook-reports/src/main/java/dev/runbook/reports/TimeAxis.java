package dev.runbook.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time axis the charts share: maps instants of {@code [from, to]} to x between {@code left} and {@code right}
 * and writes the tick labels (times of day over two days or less, dates beyond) in the runbook's zone.
 */
final class TimeAxis {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);
    final Instant from;
    final Instant to;
    final ZoneId zone;
    final double left;
    final double right;

    TimeAxis(Instant from, Instant to, ZoneId zone, double left, double right) {
        this.from = from;
        this.to = to.isAfter(from) ? to : from.plusSeconds(1);
        this.zone = zone;
        this.left = left;
        this.right = right;
    }

    double x(Instant at) {
        double span = to.toEpochMilli() - from.toEpochMilli();
        double f = (at.toEpochMilli() - from.toEpochMilli()) / span;
        return left + Math.max(0, Math.min(1, f)) * (right - left);
    }

    /** Writes {@code ticks} labelled tick marks below {@code y}, and the axis title (the zone) under them. */
    void draw(StringBuilder svg, double y, int ticks) {
        boolean days = Duration.between(from, to).toHours() > 48;
        DateTimeFormatter f = days ? DATE : TIME;
        svg.append("<line x1=\"").append(n(left)).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(n(right))
                .append("\" y2=\"").append(n(y)).append("\" stroke=\"#8a8f98\" stroke-width=\"1\"/>");
        for (int i = 0; i <= ticks; i++) {
            Instant at = Instant.ofEpochMilli(from.toEpochMilli() + (to.toEpochMilli() - from.toEpochMilli()) * i / ticks);
            double x = x(at);
            svg.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(n(x))
                    .append("\" y2=\"").append(n(y + 4)).append("\" stroke=\"#8a8f98\"/>");
            String anchor = i == 0 ? "start" : i == ticks ? "end" : "middle";
            svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y + 16)).append("\" text-anchor=\"")
                    .append(anchor).append("\" font-size=\"11\" fill=\"#4a4f57\">")
                    .append(HtmlText.escape(f.format(at.atZone(zone)))).append("</text>");
        }
        svg.append("<text x=\"").append(n((left + right) / 2)).append("\" y=\"").append(n(y + 30))
                .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a4f57\">")
                .append(days ? "date" : "time").append(" (").append(HtmlText.escape(zone.getId())).append(")</text>");
    }

    /** A coordinate with at most one decimal, as SVG wants it (no exponent, no locale). */
    static String n(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10)
                : (tenths < 0 && tenths > -10 ? "-0." + (-tenths % 10) : (tenths / 10) + "." + Math.abs(tenths % 10));
    }
}

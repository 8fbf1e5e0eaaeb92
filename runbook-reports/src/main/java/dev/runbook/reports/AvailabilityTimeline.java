package dev.runbook.reports;

import static dev.runbook.reports.TimeAxis.n;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A check's availability over a period as an inline SVG timeline: a green bar for the period, red stretches for
 * its outages, and a marker for each incident opened in it, with a time axis, a title and a text alternative.
 * Build one per chart; not thread-safe.
 */
public final class AvailabilityTimeline {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 120;
    private static final double LEFT = 16;
    private static final double RIGHT = WIDTH - 16;
    private static final double BAR_TOP = 40;
    private static final double BAR_HEIGHT = 26;

    /** A stretch of time ({@code end} after {@code start}). */
    public record Stretch(Instant start, Instant end) {
    }

    /** An incident marker: when it opened and what to call it ("P2 #12"). */
    public record Mark(Instant at, String label) {
    }

    private final String id;
    private final String title;
    private final Instant from;
    private final Instant to;
    private final ZoneId zone;
    private final List<Stretch> outages = new ArrayList<>();
    private final List<Mark> incidents = new ArrayList<>();
    private String summary = "";

    /**
     * @param id    unique within the page
     * @param title what it shows ("Availability of health")
     */
    public AvailabilityTimeline(String id, String title, Instant from, Instant to, ZoneId zone) {
        this.id = Objects.requireNonNull(id);
        this.title = Objects.requireNonNull(title);
        this.from = from;
        this.to = to;
        this.zone = zone;
    }

    /** The figure the text alternative starts with ("99.2 % — monitored 6 d 20 h of 7 d"). */
    public AvailabilityTimeline summary(String s) {
        this.summary = s == null ? "" : s;
        return this;
    }

    /** Adds an outage. */
    public AvailabilityTimeline outage(Instant start, Instant end) {
        outages.add(new Stretch(start, end));
        return this;
    }

    /** Adds an incident marker. */
    public AvailabilityTimeline incident(Instant at, String label) {
        incidents.add(new Mark(at, label));
        return this;
    }

    /** The timeline as an {@code <svg>} element. */
    public String svg() {
        TimeAxis t = new TimeAxis(from, to, zone, LEFT, RIGHT);
        StringBuilder b = new StringBuilder(2048);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart timeline\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\">");
        b.append("<title id=\"").append(id).append("-t\">").append(HtmlText.escape(title)).append("</title>");
        b.append("<desc id=\"").append(id).append("-d\">").append(HtmlText.escape(description())).append("</desc>");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" fill=\"#ffffff\"/>");
        b.append("<text x=\"").append(n(LEFT)).append("\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2328\">")
                .append(HtmlText.escape(title)).append("</text>");
        b.append("<path class=\"up\" fill=\"#2e7d32\" fill-opacity=\"0.75\" d=\"M").append(n(LEFT)).append(' ')
                .append(n(BAR_TOP)).append("H").append(n(RIGHT)).append("V").append(n(BAR_TOP + BAR_HEIGHT)).append("H")
                .append(n(LEFT)).append("Z\"/>");
        for (Stretch o : outages) {
            double x0 = t.x(o.start());
            double x1 = Math.max(t.x(o.end()), x0 + 1.5);
            b.append("<path class=\"outage\" fill=\"").append(TimeSeriesChart.CRITICAL).append("\" d=\"M").append(n(x0))
                    .append(' ').append(n(BAR_TOP)).append("H").append(n(x1)).append("V").append(n(BAR_TOP + BAR_HEIGHT))
                    .append("H").append(n(x0)).append("Z\"><title>")
                    .append(HtmlText.escape("outage " + local(o.start()) + " – " + local(o.end()))).append("</title></path>");
        }
        for (Mark m : incidents) {
            double x = t.x(m.at());
            b.append("<path class=\"incident\" fill=\"#1f2328\" d=\"M").append(n(x - 5)).append(' ').append(n(BAR_TOP - 10))
                    .append("L").append(n(x + 5)).append(' ').append(n(BAR_TOP - 10)).append("L").append(n(x)).append(' ')
                    .append(n(BAR_TOP - 2)).append("Z\"><title>").append(HtmlText.escape(m.label() + " opened " + local(m.at())))
                    .append("</title></path>");
        }
        t.draw(b, BAR_TOP + BAR_HEIGHT + 6, 4);
        b.append("</svg>");
        return b.toString();
    }

    private String local(Instant at) {
        return at.atZone(zone).toLocalDateTime().withSecond(0).withNano(0).toString().replace('T', ' ');
    }

    private String description() {
        StringBuilder d = new StringBuilder(title).append(": ");
        if (!summary.isEmpty()) {
            d.append(summary).append("; ");
        }
        d.append(outages.size()).append(outages.size() == 1 ? " outage" : " outages");
        for (Stretch o : outages) {
            d.append(" (").append(local(o.start())).append(" – ").append(local(o.end())).append(')');
        }
        d.append("; ").append(incidents.size()).append(incidents.size() == 1 ? " incident" : " incidents");
        for (Mark m : incidents) {
            d.append(" (").append(m.label()).append(" at ").append(local(m.at())).append(')');
        }
        return d.toString();
    }
}

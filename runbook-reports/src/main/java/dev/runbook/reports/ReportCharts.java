package dev.runbook.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.threshold.Threshold;
import dev.runbook.core.Availability;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.Outage;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.escalation.IncidentDetails;
import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.history.HistoryQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The charts of an HTML report, per section, read from the store the report was computed from: each metric of
 * {@code metrics}, {@code resources}, {@code performance} and {@code security} over the period with its warning and
 * critical levels (and its SLO's limit); each {@code availability} check as a timeline with its outages and
 * incidents; each disk of {@code capacity} with a least-squares forecast line to its critical level. Periods over
 * two days are drawn from hourly averages (rollups where detail is gone), shorter ones from the results, thinned to
 * at most {@value #MAX_POINTS} points. Reads only; blocks on I/O.
 */
public final class ReportCharts {
    static final int MAX_POINTS = 480;

    private final Runbook rb;
    private final ReportDefinition def;
    private final ReportPeriod period;
    private final HistoryQueries h;
    private final PeriodReadings read;
    private final IncidentQueries incidents;
    private int next;

    /**
     * @param incidents the store's incidents, or null (no incident markers then)
     */
    public ReportCharts(Runbook rb, ReportDefinition def, ReportPeriod period, HistoryQueries history,
                        IncidentQueries incidents) {
        this(rb, def, new PeriodReadings(history, period), incidents);
    }

    /** Charts drawing on what the report's own figures read (each availability computed once). */
    ReportCharts(Runbook rb, ReportDefinition def, PeriodReadings readings, IncidentQueries incidents) {
        this.rb = rb;
        this.def = def;
        this.period = readings.period();
        this.h = readings.history();
        this.read = readings;
        this.incidents = incidents;
    }

    /** The charts ({@code <svg>} elements) of each section of the report, by section key. */
    public Map<String, List<String>> of(Report r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Report.Section s : r.sections()) {
            List<String> charts = switch (s.key()) {
                case "metrics" -> metrics();
                case "resources", "security" -> primaries(s);
                case "performance" -> performance(s);
                case "availability" -> availability(s);
                case "capacity" -> capacity(s);
                default -> List.of();
            };
            if (!charts.isEmpty()) {
                out.put(s.key(), charts);
            }
        }
        return out;
    }

    private List<String> metrics() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ReportDefinition.Figure> e : def.metrics().entrySet()) {
            String from = e.getValue().from();
            int dot = from.indexOf('.');
            CheckDefinition cd = rb.checks().get(dot < 0 ? from : from.substring(0, dot));
            String metric = dot >= 0 ? from.substring(dot + 1) : cd == null || cd.primaryMetric() == null ? null
                    : cd.primaryMetric().name();
            if (cd != null && metric != null) {
                String name = e.getKey().replace('_', ' ');
                out.add(chart(cd, metric, Character.toUpperCase(name.charAt(0)) + name.substring(1) + " (" + cd.id()
                        + "." + metric + ")"));
            }
        }
        return out;
    }

    private List<String> primaries(Report.Section s) {
        List<String> out = new ArrayList<>();
        for (CheckDefinition cd : checksNamedIn(s.json())) {
            if (cd.primaryMetric() != null) {
                out.add(chart(cd, cd.primaryMetric().name(), cd.label() + " (" + cd.id() + "." + cd.primaryMetric().name()
                        + ")"));
            }
        }
        return out;
    }

    private List<String> performance(Report.Section s) {
        List<String> out = new ArrayList<>();
        for (CheckDefinition cd : checksNamedIn(s.json())) {
            for (String m : List.of("p95", "error_rate")) {
                if (spec(cd, m) != null) {
                    out.add(chart(cd, m, ("p95".equals(m) ? "P95 response time" : "Error rate") + " (" + cd.id() + "." + m
                            + ")"));
                }
            }
        }
        return out;
    }

    private List<String> availability(Report.Section s) {
        List<String> out = new ArrayList<>();
        JsonNode checks = s.json().path("checks");
        List<IncidentDetails> inPeriod = read.incidents(incidents);
        for (JsonNode c : checks) {
            String id = c.path("check").asText();
            // the same availability as the section's figure: computed once per report
            Availability a = read.availability(id);
            AvailabilityTimeline t = new AvailabilityTimeline(nextId(), "Availability of " + id, period.from(),
                    period.to(), period.zone());
            t.summary(a.isEmpty() ? "no data" : String.format(Locale.ROOT, "%.2f %%", a.percent()) + ", downtime "
                    + Quantity.humanize(a.down().toSeconds(), Unit.SECONDS) + ", monitored "
                    + Quantity.humanize(a.observed().toSeconds(), Unit.SECONDS));
            for (Outage o : a.outages()) {
                t.outage(o.start(), o.end());
            }
            for (IncidentDetails d : inPeriod) {
                boolean ours = id.equals(d.incident().check()) || checks.size() == 1;
                if (ours && !d.incident().openedAt().isBefore(period.from())) {
                    t.incident(d.incident().openedAt(), d.incident().level() + " #" + d.incident().id());
                }
            }
            out.add(t.svg());
        }
        return out;
    }

    private List<String> capacity(Report.Section s) {
        List<String> out = new ArrayList<>();
        for (CheckDefinition cd : checksNamedIn(s.json())) {
            SectionRenderer.Placed p = SectionRenderer.placed(rb, "capacity", "level").stream()
                    .filter(x -> x.check() == cd).findFirst().orElse(null);
            if (p == null || p.metric() == null) {
                continue;
            }
            String m = p.metric();
            List<ChartPoint> pts = points(cd.id(), m);
            TimeSeriesChart c = base(cd, m, cd.label() + " with its forecast (" + cd.id() + "." + m + ")").series(pts);
            double[] levels = levels(cd, m);
            double target = !Double.isNaN(levels[1]) ? levels[1] : levels[0];
            c.forecast(forecast(pts, target));
            out.add(c.svg());
        }
        return out;
    }

    /**
     * A straight least-squares line through the points, from the last point on until it reaches {@code target}
     * (at most one more period ahead), or to one more period ahead when it never does.
     */
    static List<ChartPoint> forecast(List<ChartPoint> pts, double target) {
        if (pts.size() < 2) {
            return List.of();
        }
        double t0 = pts.get(0).at().toEpochMilli();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (ChartPoint p : pts) {
            double x = (p.at().toEpochMilli() - t0) / 3.6e6;
            sx += x;
            sy += p.value();
            sxx += x * x;
            sxy += x * p.value();
        }
        int n = pts.size();
        double den = n * sxx - sx * sx;
        if (den == 0) {
            return List.of();
        }
        double slope = (n * sxy - sx * sy) / den;
        double icpt = (sy - slope * sx) / n;
        ChartPoint last = pts.get(pts.size() - 1);
        double lastX = (last.at().toEpochMilli() - t0) / 3.6e6;
        double horizon = lastX * 2;
        double endX = horizon;
        if (!Double.isNaN(target) && slope > 0 && icpt + slope * lastX < target) {
            endX = Math.min(horizon, (target - icpt) / slope);
        }
        return List.of(new ChartPoint(last.at(), icpt + slope * lastX),
                new ChartPoint(Instant.ofEpochMilli((long) (t0 + endX * 3.6e6)), icpt + slope * endX));
    }

    private String chart(CheckDefinition cd, String metric, String title) {
        return base(cd, metric, title).series(points(cd.id(), metric)).svg();
    }

    private TimeSeriesChart base(CheckDefinition cd, String metric, String title) {
        MetricSpec spec = spec(cd, metric);
        Unit u = spec == null ? null : spec.unit();
        TimeSeriesChart c = new TimeSeriesChart(nextId(), title, axisUnit(u), period.from(), period.to(), period.zone())
                .format(formatter(u));
        double[] lv = levels(cd, metric);
        c.level("warning", lv[0]).level("critical", lv[1]);
        for (SloDefinition slo : rb.slos().values()) {
            if (slo.max() != null && (cd.id() + "." + metric).equals(slo.from())) {
                c.level("slo " + slo.id(), slo.max());
            }
        }
        return c;
    }

    /** Values of {@code check.metric} over the period, thinned to at most {@link #MAX_POINTS}. */
    List<ChartPoint> points(String check, String metric) {
        Instant from = period.from();
        Instant to = period.to();
        List<ChartPoint> out = new ArrayList<>();
        if (Duration.between(from, to).toHours() > 48) {
            for (MetricPoint p : h.hourlyMeans(check, metric, from, to)) {
                out.add(new ChartPoint(p.at(), p.value()));
            }
            return out;
        }
        List<MetricPoint> raw = h.series(check, metric, from, to);
        int per = Math.max(1, (raw.size() + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < raw.size(); i += per) {
            double sum = 0;
            int n = 0;
            for (int j = i; j < Math.min(raw.size(), i + per); j++) {
                sum += raw.get(j).value();
                n++;
            }
            out.add(new ChartPoint(raw.get(i).at(), sum / n));
        }
        return out;
    }

    private List<CheckDefinition> checksNamedIn(JsonNode json) {
        List<CheckDefinition> out = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            CheckDefinition cd = rb.checks().get(it.next());
            if (cd != null) {
                out.add(cd);
            }
        }
        return out;
    }

    private static MetricSpec spec(CheckDefinition cd, String metric) {
        for (MetricSpec m : cd.metrics()) {
            if (m.name().equals(metric)) {
                return m;
            }
        }
        return null;
    }

    /** [warning, critical] level of a metric, NaN where it has none (a range's nearer end). */
    static double[] levels(CheckDefinition cd, String metric) {
        var t = cd.thresholds().get(metric);
        if (t == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {level(t.warning()), level(t.critical())};
    }

    private static double level(Threshold t) {
        if (t == null) {
            return Double.NaN;
        }
        if (t instanceof Threshold.Bare b) {
            return b.value();
        }
        if (t instanceof Threshold.Comparison c) {
            return c.limit();
        }
        if (t instanceof Threshold.Range r) {
            return Double.isInfinite(r.end()) ? r.start() : r.end();
        }
        return Double.NaN;
    }

    /** How the charts write a value of a unit: {@code 85%}, {@code 1.2 GiB}, {@code 250ms}, {@code 1200}. */
    public static DoubleFunction<String> formatter(Unit u) {
        if (u == null || u.family() == UnitFamily.COUNT) {
            return v -> Quantity.format(Math.round(v * 100) / 100.0);
        }
        if (u.family() == UnitFamily.PERCENT) {
            return v -> Quantity.format(Math.round(v * 100) / 100.0) + "%";
        }
        return v -> Quantity.humanize(v, u);
    }

    /** The value axis's title for a unit. */
    public static String axisUnit(Unit u) {
        if (u == null) {
            return "count";
        }
        return switch (u.family()) {
            case PERCENT -> "percent";
            case DURATION -> "time";
            case SIZE -> "size";
            case THROUGHPUT -> "throughput";
            case CURRENCY -> u.symbol();
            default -> "count";
        };
    }

    private String nextId() {
        return "c" + (++next);
    }
}

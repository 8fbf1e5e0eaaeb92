package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.cap;
import static dev.runbook.reports.ReportFigures.fmt;
import static dev.runbook.reports.ReportFigures.minutes;
import static dev.runbook.reports.ReportFigures.number;
import static dev.runbook.reports.ReportFigures.orNone;
import static dev.runbook.reports.ReportFigures.percent;
import static dev.runbook.reports.ReportFigures.primary;
import static dev.runbook.reports.ReportFigures.ref;
import static dev.runbook.reports.ReportFigures.span;
import static dev.runbook.reports.ReportFigures.statusWord;
import static dev.runbook.reports.ReportFigures.symbol;
import static dev.runbook.reports.ReportFigures.unit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.history.MetricPoint;
import dev.runbook.core.history.StoredResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.store.history.Aggregate;
import dev.runbook.core.history.Availability;
import dev.runbook.store.history.SqliteHistory;
import dev.runbook.store.history.StoredAction;
import dev.runbook.incidents.IncidentDetails;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.store.notes.Notes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link Report} from the store: one method per section of runbook-format §8. Figures are read with
 * {@link SqliteHistory} over the period {@code [from, to)}; values are in canonical units (%, s, bytes).
 * Not thread-safe; one per report.
 */
public final class ReportBuilder {
    /** Availability interval when a check's results are too few to estimate one. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Runbook rb;
    private final ReportDefinition def;
    private final ReportPeriod period;
    private final SqliteHistory h;
    private final StoreIncidentService incidents;
    private final Notes notes;
    private final Instant now;

    /**
     * @param incidents the incidents of the store, or null (the incidents section then says so)
     * @param notes     the notes of the store, or null
     */
    public ReportBuilder(Runbook rb, ReportDefinition def, ReportPeriod period, SqliteHistory history,
                         StoreIncidentService incidents, Notes notes, Instant now) {
        this.rb = rb;
        this.def = def;
        this.period = period;
        this.h = history;
        this.incidents = incidents;
        this.notes = notes;
        this.now = now;
    }

    /** Computes every section of the definition, in order; sections without relevant checks are left out. */
    public Report build() {
        List<Report.Section> out = new ArrayList<>();
        for (String s : def.sections()) {
            Report.Section sec = section(s);
            if (sec != null) {
                out.add(sec);
            }
        }
        String title = def.title() != null ? def.title() : Reports.defaultTitle(def.period());
        return new Report(def.id(), title, rb.id(), period, now, out);
    }

    Report.Section section(String key) {
        return switch (key) {
            case "services" -> services();
            case "resources" -> resources();
            case "metrics" -> metrics();
            case "performance" -> performance();
            case "availability" -> availability();
            case "incidents" -> incidents();
            case "actions" -> actions();
            case "notes" -> notes();
            case "backup" -> backup();
            case "security" -> security();
            case "capacity" -> capacity();
            case "cost" -> cost();
            default -> null;
        };
    }

    // ---------------------------------------------------------------- sections

    private Report.Section services() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("checks");
        for (CheckDefinition cd : listed()) {
            List<StoredResult> rs = h.results(cd.id(), period.from(), period.to());
            if (rs.isEmpty()) {
                continue;
            }
            StoredResult last = rs.get(rs.size() - 1);
            lines.add(cd.label() + ": " + statusWord(last.status()));
            ObjectNode n = arr.addObject();
            n.put("check", cd.id());
            n.put("title", cd.label());
            n.put("status", last.status().name());
            n.put("at", iso(last.at()));
            n.put("message", last.message());
        }
        return new Report.Section("services", "Service Status", orNone(lines), json);
    }

    private Report.Section resources() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (String type : List.of("cpu", "memory", "disk")) {
            List<CheckDefinition> cds = ofType(type);
            for (CheckDefinition cd : cds) {
                String metric = primary(cd);
                Aggregate a = h.aggregate(cd.id(), metric, period.from(), period.to());
                if (a.isEmpty()) {
                    continue;
                }
                Unit u = unit(cd, metric);
                String what = resourceName(type) + (cds.size() > 1 ? " (" + cd.id() + ")" : "");
                Double last = last(cd.id(), metric);
                if (type.equals("disk")) {
                    lines.add(cap(what) + ": " + fmt(last, u) + " (average " + fmt(a.avg(), u) + ", peak "
                            + fmt(a.max(), u) + ")");
                } else {
                    lines.add("Average " + what + ": " + fmt(a.avg(), u));
                    lines.add("Peak " + what + ": " + fmt(a.max(), u));
                }
                ObjectNode n = json.putObject(cd.id());
                n.put("type", type);
                n.put("avg", a.avg());
                n.put("peak", a.max());
                number(n, "last", last);
                n.put("unit", symbol(u));
            }
        }
        return new Report.Section("resources", "Resource Usage", orNone(lines), json);
    }

    private Report.Section metrics() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (Map.Entry<String, ReportDefinition.Figure> e : def.metrics().entrySet()) {
            ReportDefinition.Figure f = e.getValue();
            String[] ref = ref(f.from());
            CheckDefinition cd = rb.checks().get(ref[0]);
            String metric = ref[1] != null ? ref[1] : cd == null ? null : primary(cd);
            Double v = metric == null ? null : figure(ref[0], metric, f.agg());
            Unit u = cd == null ? null : unit(cd, metric);
            lines.add(cap(e.getKey().replace('_', ' ')) + ": " + (v == null ? "no data" : fmt(v, u)));
            ObjectNode n = json.putObject(e.getKey());
            number(n, "value", v);
            n.put("unit", symbol(u));
            n.put("from", f.from());
            n.put("agg", f.agg() == null ? "last" : f.agg());
        }
        String heading = switch (period.kind()) {
            case "day" -> "today".equals(relative()) ? "Today's Metrics" : "Metrics";
            case "week" -> "Usage";
            default -> "Usage Statistics";
        };
        return new Report.Section("metrics", heading, orNone(lines), json);
    }

    private Report.Section performance() {
        List<CheckDefinition> cds = ofType("access-log").stream()
                .filter(c -> def.checks().isEmpty() || def.checks().contains(c.id())).toList();
        if (cds.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : cds) {
            Aggregate avg = h.aggregate(cd.id(), "avg", period.from(), period.to());
            if (avg.isEmpty()) {
                continue;
            }
            Aggregate p95 = h.aggregate(cd.id(), "p95", period.from(), period.to());
            Aggregate p99src = h.aggregate(cd.id(), "p99", period.from(), period.to());
            Aggregate err = h.aggregate(cd.id(), "error_rate", period.from(), period.to());
            double p99 = !p99src.isEmpty() ? p99src.p99() : p95.isEmpty() ? Double.NaN : p95.p99();
            String suffix = cds.size() > 1 ? " (" + cd.id() + ")" : "";
            lines.add("Average response time" + suffix + ": " + fmt(avg.avg(), Unit.SECONDS));
            if (!p95.isEmpty()) {
                lines.add("P95 response time" + suffix + ": " + fmt(p95.p95(), Unit.SECONDS));
                lines.add("P99 response time" + suffix + ": " + fmt(p99, Unit.SECONDS));
            }
            if (!err.isEmpty()) {
                lines.add("Error rate" + suffix + ": " + fmt(err.avg(), Unit.PERCENT));
            }
            ObjectNode n = json.putObject(cd.id());
            n.put("avg_s", avg.avg());
            number(n, "p95_s", p95.isEmpty() ? null : p95.p95());
            number(n, "p99_s", Double.isNaN(p99) ? null : p99);
            number(n, "error_rate", err.isEmpty() ? null : err.avg());
            n.put("samples", avg.count());
            n.put("approximate", avg.approximate() || p95.approximate());
        }
        return new Report.Section("performance", "month".equals(period.kind()) ? "Performance Metrics" : "Performance",
                orNone(lines), json);
    }

    private Report.Section availability() {
        List<String> targets = new ArrayList<>();
        for (SloDefinition s : rb.slos().values()) {
            if (s.objective() != null && !s.from().contains(".") && rb.checks().containsKey(s.from())
                    && !targets.contains(s.from())) {
                targets.add(s.from());
            }
        }
        if (targets.isEmpty()) {
            ofType("http").forEach(cd -> targets.add(cd.id()));
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode checks = json.putArray("checks");
        Duration span = elapsed();
        for (String id : targets) {
            Availability a = availabilityOf(id);
            if (a.isEmpty()) {
                continue;
            }
            String suffix = targets.size() > 1 ? " (" + id + ")" : "";
            boolean enough = a.enoughFor(span);
            lines.add("Availability" + suffix + ": " + (enough ? percent(a.percent()) : "not enough data")
                    + " — " + monitored(a, span));
            lines.add("Downtime" + suffix + ": " + minutes(a.down()));
            ObjectNode n = checks.addObject();
            n.put("check", id);
            number(n, "availability", enough ? a.percent() : null);
            n.put("enough_data", enough);
            n.put("monitored_s", a.monitored().toSeconds());
            n.put("period_s", span.toSeconds());
            n.put("downtime_s", a.down().toSeconds());
            n.put("no_data_s", a.noData().toSeconds());
            n.put("maintenance_s", a.maintenance().toSeconds());
            n.put("outages", a.outages().size());
        }
        int count = incidents == null ? 0 : incidents.overlapping(period.from(), period.to()).size();
        if (incidents != null) {
            lines.add("Incidents: " + count);
            json.put("incidents", count);
        }
        ArrayNode slos = json.putArray("slos");
        for (SloDefinition s : rb.slos().values()) {
            ObjectNode n = slos.addObject();
            n.put("slo", s.id());
            n.put("from", s.from());
            if (s.objective() != null && !s.from().contains(".")) {
                Availability a = availabilityOf(s.from());
                n.put("objective", s.objective());
                if (a.isEmpty() || !a.enoughFor(span)) {
                    n.putNull("budget_left");
                    n.put("enough_data", false);
                    lines.add("SLO " + s.id() + ": objective " + percent(s.objective()) + ", "
                            + (a.isEmpty() ? "no data" : "not enough data — " + monitored(a, span)));
                    continue;
                }
                n.put("enough_data", true);
                double allowed = a.observed().toMillis() * (100 - s.objective()) / 100.0;
                double left = allowed <= 0 ? (a.down().isZero() ? 100 : 0) : 100 * (1 - a.down().toMillis() / allowed);
                n.put("availability", a.percent());
                n.put("budget_left", left);
                n.put("met", a.percent() >= s.objective());
                lines.add("SLO " + s.id() + ": " + percent(a.percent()) + " of objective " + percent(s.objective())
                        + ", budget left " + percent(left));
            } else if (s.max() != null) {
                String[] ref = ref(s.from());
                CheckDefinition cd = rb.checks().get(ref[0]);
                String metric = ref[1] != null ? ref[1] : cd == null ? null : primary(cd);
                Aggregate a = metric == null ? Aggregate.EMPTY : h.aggregate(ref[0], metric, period.from(), period.to());
                n.put("max", s.max());
                Unit u = cd == null ? null : unit(cd, metric);
                if (a.isEmpty()) {
                    n.putNull("avg");
                    lines.add("SLO " + s.id() + ": max " + fmt(s.max(), u) + ", no data");
                    continue;
                }
                n.put("avg", a.avg());
                n.put("met", a.avg() <= s.max());
                lines.add("SLO " + s.id() + ": average " + fmt(a.avg(), u) + " of max " + fmt(s.max(), u)
                        + (a.avg() <= s.max() ? " (met)" : " (missed)"));
            }
        }
        return new Report.Section("availability", "month".equals(period.kind()) ? "Service Uptime" : "Uptime",
                orNone(lines), json);
    }

    private Report.Section incidents() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("incidents");
        if (incidents != null) {
            for (IncidentDetails d : incidents.overlapping(period.from(), period.to())) {
                Incident i = d.incident();
                Duration dur = d.duration(now);
                lines.add(local(i.openedAt()) + ": " + i.level() + " " + (i.check() == null ? "" : i.check())
                        + (d.triggerMessage() == null ? "" : " — " + d.triggerMessage())
                        + " (" + minutes(dur) + ", " + i.state().word() + ")");
                ObjectNode n = arr.addObject();
                n.put("id", i.id());
                n.put("level", i.level());
                n.put("category", i.category());
                n.put("check", i.check());
                n.put("state", i.state().word());
                n.put("opened_at", iso(i.openedAt()));
                n.put("resolved_at", iso(i.resolvedAt()));
                n.put("duration_s", dur.toSeconds());
                n.put("trigger_message", d.triggerMessage());
            }
        }
        return new Report.Section("incidents", "Incident Summary", orNone(lines), json);
    }

    private Report.Section actions() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("actions");
        for (StoredAction a : h.actions(period.from(), period.to())) {
            lines.add(local(a.at()) + " " + a.check() + ": " + a.step() + " — " + a.outcome()
                    + (a.message() == null || a.message().isBlank() ? "" : " (" + a.message() + ")"));
            ObjectNode n = arr.addObject();
            n.put("check", a.check());
            n.put("at", iso(a.at()));
            n.put("step", a.step());
            n.put("outcome", a.outcome());
            n.put("message", a.message());
        }
        return new Report.Section("actions", "Actions Taken", orNone(lines), json);
    }

    private Report.Section notes() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        ArrayNode arr = json.putArray("notes");
        if (notes != null) {
            for (Notes.Note n : notes.between(period.from(), period.to())) {
                lines.add(local(n.at()) + (n.operator() == null ? "" : " (" + n.operator() + ")") + ": " + n.text());
                ObjectNode o = arr.addObject();
                o.put("at", iso(n.at()));
                o.put("operator", n.operator());
                o.put("text", n.text());
            }
        }
        return new Report.Section("notes", "Notes", orNone(lines), json);
    }

    private Report.Section backup() {
        List<CheckDefinition> cds = ofType("backup");
        if (cds.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : cds) {
            List<StoredResult> rs = h.results(cd.id(), period.from(), period.to());
            if (rs.isEmpty()) {
                continue;
            }
            StoredResult last = rs.get(rs.size() - 1);
            Double age = last.metrics().get("age");
            long failed = rs.stream().filter(r -> r.status() == Status.CRITICAL).count();
            lines.add(cd.label() + ": " + statusWord(last.status())
                    + (age == null ? "" : ", latest backup " + fmt(age, Unit.SECONDS) + " old")
                    + (failed == 0 ? "" : ", " + failed + " critical result" + (failed == 1 ? "" : "s")));
            ObjectNode n = json.putObject(cd.id());
            n.put("status", last.status().name());
            number(n, "age_s", age);
            number(n, "size_bytes", last.metrics().get("size_bytes"));
            n.put("critical_results", failed);
        }
        return new Report.Section("backup", "Backup", orNone(lines), json);
    }

    private Report.Section security() {
        List<CheckDefinition> tls = ofType("tls");
        List<CheckDefinition> logins = rb.checks().values().stream().filter(c -> c.id().contains("login")).toList();
        if (tls.isEmpty() && logins.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : tls) {
            Double left = last(cd.id(), "time_left");
            if (left == null) {
                continue;
            }
            long days = (long) Math.floor(left / 86400);
            lines.add("SSL certificate expiry" + (tls.size() > 1 ? " (" + cd.id() + ")" : "") + ": " + days
                    + " days remaining");
            ObjectNode n = json.putObject(cd.id());
            n.put("time_left_s", left);
            n.put("days_left", days);
        }
        for (CheckDefinition cd : logins) {
            String metric = primary(cd);
            Aggregate a = metric == null ? Aggregate.EMPTY : h.aggregate(cd.id(), metric, period.from(), period.to());
            if (a.isEmpty()) {
                continue;
            }
            lines.add(cd.label() + ": " + Quantity.format(a.sum()));
            ObjectNode n = json.putObject(cd.id());
            n.put("total", a.sum());
        }
        return new Report.Section("security", "Security", orNone(lines), json);
    }

    private Report.Section capacity() {
        List<CheckDefinition> growth = ofType("growth");
        List<CheckDefinition> forecast = ofType("forecast");
        List<CheckDefinition> disks = ofType("disk");
        if (growth.isEmpty() && forecast.isEmpty() && disks.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        for (CheckDefinition cd : disks) {
            String m = primary(cd);
            List<MetricPoint> s = h.series(cd.id(), m, period.from(), period.to());
            if (s.size() < 2) {
                continue;
            }
            double first = s.get(0).value();
            double lastV = s.get(s.size() - 1).value();
            Unit u = unit(cd, m);
            double change = lastV - first;
            String ch = u != null && u.family() == UnitFamily.PERCENT
                    ? (change >= 0 ? "+" : "") + Quantity.format(Math.round(change * 10) / 10.0) + " points"
                    : (change >= 0 ? "+" : "-") + fmt(Math.abs(change), u);
            lines.add(cd.label() + ": " + fmt(first, u) + " → " + fmt(lastV, u) + " (" + ch + ")");
            ObjectNode n = json.putObject(cd.id());
            n.put("first", first);
            n.put("last", lastV);
            n.put("change", change);
            n.put("unit", symbol(u));
        }
        for (CheckDefinition cd : growth) {
            Double c = last(cd.id(), "change");
            if (c == null) {
                continue;
            }
            Unit u = unit(cd, "change");
            lines.add(cd.label() + ": " + (c >= 0 ? "+" : "") + fmt(c, u));
            json.putObject(cd.id()).put("change", c);
        }
        for (CheckDefinition cd : forecast) {
            List<StoredResult> rs = h.results(cd.id(), period.from(), period.to());
            if (rs.isEmpty()) {
                continue;
            }
            Double t = rs.get(rs.size() - 1).metrics().get("time_to_reach");
            lines.add(cd.label() + ": " + (t == null ? "never reaches its limit at the current trend"
                    : "reaches its limit in " + fmt(t, Unit.SECONDS)));
            ObjectNode n = json.putObject(cd.id());
            number(n, "time_to_reach_s", t);
        }
        return new Report.Section("capacity", "Capacity", orNone(lines), json);
    }

    private Report.Section cost() {
        List<String> lines = new ArrayList<>();
        ObjectNode json = F.objectNode();
        Map<String, Double> totals = new LinkedHashMap<>();
        int items = 0;
        boolean any = false;
        for (CheckDefinition cd : rb.checks().values()) {
            for (MetricSpec m : cd.metrics()) {
                if (m.unit() == null || m.unit().family() != UnitFamily.CURRENCY) {
                    continue;
                }
                any = true;
                Double v = last(cd.id(), m.name());
                if (v == null) {
                    continue;
                }
                items++;
                lines.add(cd.label() + (cd.metrics().size() > 1 ? " " + m.name() : "") + ": " + fmt(v, m.unit()));
                ObjectNode n = json.putObject(cd.id() + "." + m.name());
                n.put("value", v);
                n.put("currency", m.unit().symbol());
                totals.merge(m.unit().symbol(), v, Double::sum);
            }
        }
        if (!any) {
            return null;
        }
        if (items > 1) {
            for (Map.Entry<String, Double> t : totals.entrySet()) {
                lines.add("Total: " + fmt(t.getValue(), Unit.currency(t.getKey())));
            }
        }
        ObjectNode tot = json.putObject("total");
        totals.forEach(tot::put);
        return new Report.Section("cost", "Cost", orNone(lines), json);
    }

    // ---------------------------------------------------------------- helpers

    /** A named figure: {@code last} is the newest value in the period; others aggregate it. Null without data. */
    Double figure(String check, String metric, String agg) {
        if (agg == null || agg.equals("last")) {
            return last(check, metric);
        }
        CheckDefinition cd = rb.checks().get(check);
        if ("sum".equals(agg) && cd != null && cd.dailyTotals()) {
            return sumOfDailyLasts(check, metric);
        }
        Aggregate a = h.aggregate(check, metric, period.from(), period.to());
        if (a.isEmpty()) {
            return null;
        }
        return switch (agg) {
            case "sum" -> a.sum();
            case "avg" -> a.avg();
            case "min" -> a.min();
            case "max" -> a.max();
            case "p95" -> a.p95();
            default -> throw new IllegalArgumentException("unknown agg '" + agg + "'");
        };
    }

    /**
     * The sum of a running total's last value on each calendar day of the period (runbook-format §8 [1.1]):
     * two samples of "today's requests" on one day are one day's count, not two. Null without data.
     */
    private Double sumOfDailyLasts(String check, String metric) {
        Map<java.time.LocalDate, Double> lastOfDay = new java.util.TreeMap<>();
        for (MetricPoint p : h.series(check, metric, period.from(), period.to())) {
            lastOfDay.put(p.at().atZone(period.zone()).toLocalDate(), p.value());
        }
        return lastOfDay.isEmpty() ? null : lastOfDay.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private Double last(String check, String metric) {
        if (metric == null) {
            return null;
        }
        List<MetricPoint> s = h.series(check, metric, period.from(), period.to());
        return s.isEmpty() ? null : s.get(s.size() - 1).value();
    }

    private Availability availabilityOf(String check) {
        Duration interval = h.typicalInterval(check, period.from(), period.to()).orElse(DEFAULT_INTERVAL);
        return h.availability(check, period.from(), period.to(), interval);
    }

    /** The part of the period that could have been monitored: up to now for the current period. */
    private Duration elapsed() {
        Instant end = now.isBefore(period.to()) ? now : period.to();
        return end.isAfter(period.from()) ? Duration.between(period.from(), end) : Duration.ZERO;
    }

    /** {@code monitored 6 d 20 h of 7 d}. */
    private static String monitored(Availability a, Duration span) {
        return "monitored " + span(a.monitored()) + " of " + span(span);
    }

    private String relative() {
        return period.kind().equals("day") && !period.start().isBefore(now.atZone(period.zone()).toLocalDate())
                ? "today" : "past";
    }

    /** The report's {@code checks:} list in its order, or every check of the runbook without one (§8 [1.1]). */
    private List<CheckDefinition> listed() {
        if (def.checks().isEmpty()) {
            return List.copyOf(rb.checks().values());
        }
        return def.checks().stream().map(id -> rb.checks().get(id)).filter(java.util.Objects::nonNull).toList();
    }

    private List<CheckDefinition> ofType(String type) {
        return rb.checks().values().stream().filter(c -> type.equals(c.type())).toList();
    }

    private static String resourceName(String type) {
        return switch (type) {
            case "cpu" -> "CPU usage";
            case "memory" -> "memory usage";
            default -> "disk usage";
        };
    }

    private String local(Instant at) {
        return at.atZone(period.zone()).format(MINUTE);
    }

    private String iso(Instant at) {
        return Reports.iso(at, period.zone());
    }
}

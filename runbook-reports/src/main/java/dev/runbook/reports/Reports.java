package dev.runbook.reports;

import dev.runbook.core.engine.ReportRenderer;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports of runbook-format §8, for the launcher ({@code runbook report}), the engine ({@code {report: id}}
 * steps, through {@link #renderer}) and the daemon (scheduled reports). Every method reads the caller's open store
 * through a {@link ReportSource} and opens no connection (opening a store file for one report is the runtime's
 * {@code StoreReports}). Safe to call from several threads and processes (SQLite WAL). Blocks on I/O.
 */
public final class Reports {
    /** The built-in report ids, usable when a runbook defines no {@code reports:}. */
    public static final List<String> BUILT_IN = List.of("day", "week", "month");

    private Reports() {
    }

    /** The report ids a runbook offers: its own, or {@link #BUILT_IN} when it defines none. */
    public static Set<String> ids(Runbook rb) {
        return rb.reports().isEmpty() ? new java.util.LinkedHashSet<>(BUILT_IN) : rb.reports().keySet();
    }

    /**
     * The definition of a report: the runbook's, or a built-in {@code day}/{@code week}/{@code month} when the
     * runbook defines none.
     *
     * @throws UnknownReportException for an id the runbook does not offer
     */
    public static ReportDefinition definition(Runbook rb, String id) {
        ReportDefinition d = rb.reports().get(id);
        if (d != null) {
            return d;
        }
        if (rb.reports().isEmpty() && BUILT_IN.contains(id)) {
            return builtIn(id);
        }
        throw new UnknownReportException(id, ids(rb));
    }

    /** A built-in report: {@code day} (current), {@code week} and {@code month} (previous), every fitting section. */
    static ReportDefinition builtIn(String id) {
        List<String> sections = switch (id) {
            case "day" -> List.of("services", "resources", "availability", "incidents", "actions", "notes");
            case "week" -> List.of("availability", "performance", "resources", "security", "backup", "incidents",
                    "actions", "notes");
            default -> List.of("availability", "performance", "resources", "cost", "security", "backup", "capacity",
                    "incidents", "actions", "notes");
        };
        return new ReportDefinition(id, defaultTitle(id), id, "day".equals(id) ? "current" : "previous", "monday",
                List.of(), sections, Map.of(), List.of(), "text");
    }

    static String defaultTitle(String period) {
        return switch (period) {
            case "week" -> "Weekly Operations Report";
            case "month" -> "Monthly Operations Report";
            default -> "Daily Operations Report";
        };
    }

    /** The period a report covers for {@code date} (calendar-aligned in the runbook's zone). */
    public static ReportPeriod period(Runbook rb, String reportId, LocalDate date) {
        ReportDefinition d = definition(rb, reportId);
        return ReportPeriod.of(d.period(), d.covers(), d.weekStart(), date, rb.zone());
    }

    /** Computes a report from an open store, as of {@code clock}'s now; opens no connection of its own. */
    public static Report compute(Runbook rb, ReportSource source, String reportId, LocalDate date, Clock clock) {
        ReportDefinition d = definition(rb, reportId);
        ReportPeriod p = ReportPeriod.of(d.period(), d.covers(), d.weekStart(), date, rb.zone());
        Report r = new ReportBuilder(rb, d, p, source.history(), source.incidents(), source.notes(), clock.instant()).build();
        return withHosts(r, source.history().runsPerHost(p.from(), p.to()));
    }

    /**
     * A fleet's report names its hosts (runbook-format §10): with more than one host recording runs in the period, a
     * {@code hosts} section lists each with its runs; one host's report is unchanged.
     */
    static Report withHosts(Report r, Map<String, Integer> runsPerHost) {
        if (runsPerHost.size() < 2) {
            return r;
        }
        List<String> lines = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        com.fasterxml.jackson.databind.node.ArrayNode hosts = json.putArray("hosts");
        runsPerHost.forEach((host, runs) -> {
            String name = host.isEmpty() ? "(before hosts were recorded)" : host;
            lines.add(name + ": " + runs + (runs == 1 ? " run" : " runs"));
            hosts.addObject().put("host", host.isEmpty() ? null : host).put("runs", runs);
        });
        List<Report.Section> sections = new ArrayList<>(r.sections());
        sections.add(new Report.Section("hosts", "Hosts", lines, json));
        return new Report(r.id(), r.title(), r.runbook(), r.period(), r.generatedAt(), sections, r.host());
    }

    /**
     * Renders a report from an open store; opens no connection of its own.
     *
     * @param reportId a report id of the runbook (or a built-in one)
     * @param date     a day of (or after, for {@code covers: previous}) the period; in the runbook's zone
     * @param format   {@code text}, {@code markdown}, {@code json}, {@code html}; null for the report's own
     * @param clock    for "generated at" and "today"
     * @throws UnknownReportException   for an unknown id
     * @throws IllegalArgumentException for an unknown format
     */
    public static String render(Runbook rb, ReportSource source, String reportId, LocalDate date, String format,
                                Clock clock) {
        ReportDefinition d = definition(rb, reportId);
        ReportFormat f = ReportFormat.of(format != null ? format : d.format() != null ? d.format() : "text");
        PeriodReadings readings = new PeriodReadings(source.history(),
                ReportPeriod.of(d.period(), d.covers(), d.weekStart(), date, rb.zone()));
        Report r = withHosts(new ReportBuilder(rb, d, readings, source.incidents(), source.notes(), clock.instant())
                .build(), source.history().runsPerHost(readings.period().from(), readings.period().to()));
        return render(f, rb, d, r, source, readings);
    }

    /** A computed report in a format; {@code html} with its charts, drawn from the same store. */
    static String render(ReportFormat f, Runbook rb, ReportDefinition d, Report r, ReportSource source) {
        return render(f, rb, d, r, source, new PeriodReadings(source.history(), r.period()));
    }

    /** As above, the charts sharing what the report's figures already read. */
    static String render(ReportFormat f, Runbook rb, ReportDefinition d, Report r, ReportSource source,
                         PeriodReadings readings) {
        if (f != ReportFormat.HTML) {
            return f.render(r);
        }
        ReportCharts charts = new ReportCharts(rb, d, readings, source.incidents());
        return ReportPage.render(r, charts.of(r));
    }

    /**
     * Renders a report in its own format and sends it to its {@code notify} recipients through
     * {@code notifications} (the store's outbox: kind {@code report}, retried until delivered), each recipient at
     * most once per period (the daemon's schedules and {@code {report:}} steps); opens no connection of its own.
     *
     * @param dryRun true: send nothing, say what would be sent
     * @return what was done ("sent to ops-webhook" / "would send … to …" / "no notify: recipients")
     */
    public static String send(Runbook rb, ReportSource source, String reportId, LocalDate date, Clock clock,
                              boolean dryRun, NotificationService notifications) {
        return send(rb, source, reportId, date, clock, dryRun, notifications, true);
    }

    /**
     * Renders and sends; with {@code once} (the daemon's schedules and {@code {report:}} steps), each recipient gets
     * the report of a period at most once, recorded in the store ({@link ReportSource#sent()}, contract §8); an
     * operator's {@code report --send} sends again ({@code once} false).
     */
    public static String send(Runbook rb, ReportSource source, String reportId, LocalDate date, Clock clock,
                              boolean dryRun, NotificationService notifications, boolean once) {
        ReportDefinition d = definition(rb, reportId);
        Report r = compute(rb, source, reportId, date, clock);
        String fmt = d.format() != null ? d.format() : "text";
        String text = render(ReportFormat.of(fmt), rb, d, r, source);
        if (d.recipients().isEmpty()) {
            return reportId + " report " + r.period().label() + " rendered; nobody to send it to (the report has no notify:)";
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("report", reportId);
        fields.put("runbook", rb.id());
        fields.put("period", r.period().kind());
        fields.put("from", r.period().start().toString());
        fields.put("to", r.period().last().toString());
        fields.put("format", fmt);
        Notification n = new Notification("report", r.title() + " " + r.period().label(), text, fields, clock.instant());
        List<String> to = new ArrayList<>();
        List<String> already = new ArrayList<>();
        String period = r.period().kind() + " " + r.period().start();
        for (String recipient : d.recipients()) {
            if (!once || dryRun || source.sent().firstReport(reportId, period, recipient)) {
                to.add(recipient);
            } else {
                already.add(recipient);
            }
        }
        String sentBefore = already.isEmpty() ? "" : "already sent this " + r.period().kind() + " to "
                + String.join(", ", already);
        if (to.isEmpty()) {
            return reportId + " report " + r.period().label() + ": " + sentBefore;
        }
        return reportId + " report " + r.period().label() + ": " + notifications.send(to, n, dryRun)
                + (sentBefore.isEmpty() ? "" : "; " + sentBefore);
    }

    /**
     * The engine's renderer for {@code {report: id}} steps: renders the report for today (in the runbook's zone)
     * from the open store and sends it through {@code notifications} (a dry run says what would be sent).
     */
    public static ReportRenderer renderer(ReportSource source, NotificationService notifications, Clock clock) {
        return (rb, id, dryRun) -> send(rb, source, id, LocalDate.ofInstant(clock.instant(), rb.zone()), clock, dryRun,
                notifications);
    }

    static String iso(Instant at, ZoneId zone) {
        return at == null ? null : at.atZone(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** An id the runbook has no report for; the message lists the ids and suggests the closest. */
    public static final class UnknownReportException extends IllegalArgumentException {
        private final Set<String> known;

        UnknownReportException(String id, Set<String> known) {
            super("unknown report '" + id + "'" + suggest(id, known) + "; reports: " + String.join(", ", known));
            this.known = Set.copyOf(known);
        }

        /** The ids the runbook offers. */
        public Set<String> known() {
            return known;
        }

        private static String suggest(String given, Set<String> known) {
            String best = null;
            int bestD = Integer.MAX_VALUE;
            for (String k : known) {
                int d = distance(given, k);
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            return best != null && bestD <= Math.max(2, given.length() / 3) ? " (did you mean '" + best + "'?)" : "";
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int[] cur = new int[b.length() + 1];
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                            prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                }
                prev = cur;
            }
            return prev[b.length()];
        }
    }
}

package dev.runbook.dsl;

import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report being declared (runbook-format §8), with the YAML loader's defaults: period {@code day}, covering the
 * current day (the previous week or month), weeks from Monday, {@code text}. Each method validates its argument at
 * once, naming it. Not thread-safe; used while a {@link RunbookBuilder} is being filled.
 */
public final class ReportSpec {
    private final String id;
    private String title;
    private String period = "day";
    private String covers;
    private String weekStart = "monday";
    private final List<Schedule> schedules = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final List<String> listed = new ArrayList<>();
    private final Map<String, ReportDefinition.Figure> figures = new LinkedHashMap<>();
    private final List<String> recipients = new ArrayList<>();
    private String format = "text";

    ReportSpec(String id) {
        this.id = id;
    }

    public ReportSpec title(String title) {
        this.title = title;
        return this;
    }

    /** {@code day}, {@code week} or {@code month}. */
    public ReportSpec period(String period) {
        this.period = oneOf("period", period, ReportDefinition.PERIODS);
        return this;
    }

    /** {@code current} or {@code previous}. */
    public ReportSpec covers(String covers) {
        this.covers = oneOf("covers", covers, ReportDefinition.COVERS);
        return this;
    }

    public ReportSpec weekStart(String day) {
        this.weekStart = oneOf("week_start", day, ReportDefinition.DAYS);
        return this;
    }

    /** When the daemon renders and sends it, e.g. {@code daily 17:30}. */
    public ReportSpec schedule(String schedule) {
        schedules.add(Schedule.parse(schedule));
        return this;
    }

    public ReportSpec sections(String... names) {
        for (String n : names) {
            sections.add(oneOf("section", n, ReportDefinition.SECTIONS));
        }
        return this;
    }

    /** A named figure: {@code figure("access_count", "access.requests", "sum")}. */
    public ReportSpec figure(String name, String from, String agg) {
        if (from == null || from.indexOf('.') <= 0) {
            throw new IllegalArgumentException("report '" + id + "' figure '" + name
                    + "': expected a metric reference <check>.<metric>, found '" + from + "'");
        }
        figures.put(name, new ReportDefinition.Figure(from, oneOf("agg", agg, ReportDefinition.AGGREGATIONS)));
        return this;
    }

    /** A named figure aggregated as {@code last}. */
    public ReportSpec figure(String name, String from) {
        return figure(name, from, "last");
    }

    /** [1.1] The checks the {@code services} and {@code performance} sections list, in order (default: all). */
    public ReportSpec checks(String... ids) {
        for (String c : ids) {
            if (!listed.contains(c)) {
                listed.add(c);
            }
        }
        return this;
    }

    /** Contact or notifier ids it is sent to. */
    public ReportSpec notify(String... ids) {
        recipients.addAll(List.of(ids));
        return this;
    }

    /** {@code text}, {@code markdown}, {@code json} or {@code html}. */
    public ReportSpec format(String format) {
        this.format = oneOf("format", format, ReportDefinition.FORMATS);
        return this;
    }

    private String oneOf(String what, String value, List<String> allowed) {
        String v = value == null ? null : value.trim().toLowerCase(Locale.ROOT);
        if (v == null || !allowed.contains(v)) {
            throw new IllegalArgumentException("report '" + id + "': unknown " + what + " '" + value + "' (expected one of: "
                    + String.join(", ", allowed) + ")");
        }
        return v;
    }

    ReportDefinition build() {
        String c = covers != null ? covers : "day".equals(period) ? "current" : "previous";
        return new ReportDefinition(id, title, period, c, weekStart, schedules, sections, figures, recipients, format,
                listed);
    }
}

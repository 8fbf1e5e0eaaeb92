package dev.runbook.core.model;

import dev.runbook.core.schedule.Schedule;
import java.util.List;
import java.util.Map;

/**
 * A report (runbook-format §8): a calendar period, the sections to render, named figures, where to send it and
 * in which format. Rendering lives outside the core. Immutable.
 *
 * @param id        report id
 * @param title     title
 * @param period    {@code day}, {@code week} or {@code month}
 * @param covers    {@code current} or {@code previous}
 * @param weekStart first day of the week, e.g. {@code monday}
 * @param schedules when the daemon renders and sends it
 * @param sections  section names in order
 * @param metrics   named figures: name to (from reference, aggregation)
 * @param recipients contact or notifier ids (the YAML key notify)
 * @param format    {@code text}, {@code markdown}, {@code json}, {@code html}
 * @param checks    [1.1] the checks the {@code services} and {@code performance} sections list, in order; empty:
 *                  every check of the runbook
 */
public record ReportDefinition(String id, String title, String period, String covers, String weekStart,
                               List<Schedule> schedules, List<String> sections, Map<String, Figure> metrics,
                               List<String> recipients, String format, List<String> checks) {
    /** The periods a report covers. */
    public static final List<String> PERIODS = List.of("day", "week", "month");
    /** Which one of them: the current or the previous. */
    public static final List<String> COVERS = List.of("current", "previous");
    /** Days a week may start on. */
    public static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday");
    /** The sections a report can have (runbook-format §8). */
    public static final List<String> SECTIONS = List.of("services", "resources", "metrics", "performance",
            "availability", "incidents", "actions", "backup", "security", "capacity", "cost", "notes");
    /** Aggregations of a figure. */
    public static final List<String> AGGREGATIONS = List.of("last", "sum", "avg", "min", "max", "p95");
    /** Formats a report renders in. */
    public static final List<String> FORMATS = List.of("text", "markdown", "json", "html");

    public ReportDefinition {
        schedules = List.copyOf(schedules);
        sections = List.copyOf(sections);
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        recipients = List.copyOf(recipients);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A report over every check (no {@code checks:} list). */
    public ReportDefinition(String id, String title, String period, String covers, String weekStart,
                            List<Schedule> schedules, List<String> sections, Map<String, Figure> metrics,
                            List<String> recipients, String format) {
        this(id, title, period, covers, weekStart, schedules, sections, metrics, recipients, format, List.of());
    }

    /** A named figure of a report: {@code from: access.requests}, {@code agg: sum}. */
    public record Figure(String from, String agg) {
    }
}

package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.span;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Aggregate;
import dev.runbook.core.Availability;
import dev.runbook.store.SqliteHistory;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.store.Notes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What every section renderer of a report shares (runbook-format §8): the runbook, the report's definition and
 * period, the store's history, incidents and notes, and how figures are read from them. A subclass renders one
 * section; {@link ReportBuilder} picks them from the report's {@code sections:}. One per report; not thread-safe.
 */
abstract class SectionRenderer {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * What a section reads.
     *
     * @param incidents the incidents of the store, or null (the incidents section then says so)
     * @param notes     the notes of the store, or null
     */
    record Inputs(Runbook rb, ReportDefinition def, ReportPeriod period, PeriodReadings readings,
                  StoreIncidentService incidents, Notes notes, Instant now) {
    }

    final Runbook rb;
    final ReportDefinition def;
    final ReportPeriod period;
    final SqliteHistory h;
    final PeriodReadings read;
    final StoreIncidentService incidents;
    final Notes notes;
    final Instant now;

    SectionRenderer(Inputs in) {
        this.rb = in.rb();
        this.def = in.def();
        this.period = in.period();
        this.read = in.readings();
        this.h = read.history();
        this.incidents = in.incidents();
        this.notes = in.notes();
        this.now = in.now();
    }

    /** The section, or null when the runbook has nothing it covers (the section is then left out). */
    abstract Report.Section render();


    /** A named figure: {@code last} is the newest value in the period; others aggregate it. Null without data. */
    Double figure(String check, String metric, String agg) {
        if (agg == null || agg.equals("last")) {
            return last(check, metric);
        }
        CheckDefinition cd = rb.checks().get(check);
        if ("sum".equals(agg) && cd != null && cd.dailyTotals()) {
            return read.sumOfDailyLasts(check, metric);
        }
        Aggregate a = read.aggregate(check, metric);
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

    /** Statistics of {@code check.metric} over the period ({@link PeriodReadings#aggregate}). */
    Aggregate aggregate(String check, String metric) {
        return metric == null ? Aggregate.EMPTY : read.aggregate(check, metric);
    }

    Double last(String check, String metric) {
        return read.last(check, metric);
    }

    Availability availabilityOf(String check) {
        return read.availability(check);
    }

    /** The part of the period that could have been monitored: up to now for the current period. */
    Duration elapsed() {
        Instant end = now.isBefore(period.to()) ? now : period.to();
        return end.isAfter(period.from()) ? Duration.between(period.from(), end) : Duration.ZERO;
    }

    /** {@code monitored 6 d 20 h of 7 d}. */
    static String monitored(Availability a, Duration span) {
        return "monitored " + span(a.monitored()) + " of " + span(span);
    }

    String relative() {
        return period.kind().equals("day") && !period.start().isBefore(now.atZone(period.zone()).toLocalDate())
                ? "today" : "past";
    }

    /** The report's {@code checks:} list in its order, or every check of the runbook without one (§8 [1.1]). */
    List<CheckDefinition> listed() {
        if (def.checks().isEmpty()) {
            return List.copyOf(rb.checks().values());
        }
        return def.checks().stream().map(id -> rb.checks().get(id)).filter(java.util.Objects::nonNull).toList();
    }

    List<CheckDefinition> ofType(String type) {
        return rb.checks().values().stream().filter(c -> type.equals(c.type())).toList();
    }

    static String resourceName(String type) {
        return switch (type) {
            case "cpu" -> "CPU usage";
            case "memory" -> "memory usage";
            default -> "disk usage";
        };
    }

    String local(Instant at) {
        return at.atZone(period.zone()).format(MINUTE);
    }

    String iso(Instant at) {
        return Reports.iso(at, period.zone());
    }
}

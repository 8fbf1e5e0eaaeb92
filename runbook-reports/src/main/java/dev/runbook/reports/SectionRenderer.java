package dev.runbook.reports;

import static dev.runbook.reports.ReportFigures.span;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.history.Aggregate;
import dev.runbook.core.Availability;
import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.history.HistoryQueries;
import dev.runbook.core.history.NoteQueries;
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
                  IncidentQueries incidents, NoteQueries notes, Instant now) {
    }

    final Runbook rb;
    final ReportDefinition def;
    final ReportPeriod period;
    final HistoryQueries h;
    final PeriodReadings read;
    final IncidentQueries incidents;
    final NoteQueries notes;
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

    /**
     * A check placed in a section by its type ({@link ReportPlace}), with the metric and words it is shown with.
     *
     * @param check  the check
     * @param place  its place in the section
     * @param metric the metric shown (the place's, else the check's primary), or null
     * @param label  the words its line starts with (the place's, else the check's title)
     */
    record Placed(CheckDefinition check, ReportPlace place, String metric, String label) {
    }

    /** The checks whose type places them in {@code section} with {@code figure}, in the runbook's order. */
    List<Placed> placed(String section, String figure) {
        return placed(rb, section, figure);
    }

    static List<Placed> placed(Runbook rb, String section, String figure) {
        List<Placed> out = new java.util.ArrayList<>();
        for (CheckDefinition cd : rb.checks().values()) {
            for (ReportPlace p : cd.reportPlaces()) {
                if (p.section().equals(section) && p.figure().equals(figure)) {
                    String metric = p.metric() != null ? p.metric()
                            : cd.primaryMetric() == null ? null : cd.primaryMetric().name();
                    out.add(new Placed(cd, p, metric, p.label() != null ? p.label() : cd.label()));
                }
            }
        }
        return out;
    }

    String local(Instant at) {
        return at.atZone(period.zone()).format(MINUTE);
    }

    String iso(Instant at) {
        return Reports.iso(at, period.zone());
    }
}

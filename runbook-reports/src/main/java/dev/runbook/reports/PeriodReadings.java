package dev.runbook.reports;

import dev.runbook.core.Availability;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StoredResult;
import dev.runbook.core.escalation.IncidentDetails;
import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.history.Aggregate;
import dev.runbook.core.history.HistoryQueries;
import dev.runbook.core.history.Note;
import dev.runbook.core.history.NoteQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one report reads from the history over its period, each figure read once and shared by the sections and
 * the HTML charts: a check's availability is computed once, whoever asks for it. Long periods (over two days)
 * take their aggregates from the hourly rollups, which keep count, sum, min, max and average exact and
 * percentiles within the rollups' 1% relative error (runbook-format §8: "percentiles over periods whose detail
 * was rolled up come from histograms with a documented error bound"); a day's report reads the detail and is
 * exact. One per report; not thread-safe.
 */
final class PeriodReadings {
    /** Availability interval when a check's results are too few to estimate one. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Periods longer than this read their aggregates and charts from hourly rollups. */
    static final Duration ROLLUPS_BEYOND = Duration.ofHours(48);

    private final HistoryQueries h;
    private final ReportPeriod period;
    private final boolean fromRollups; // a narrowed history reads its host's rollups (schema 7)
    private final Map<String, Availability> availability = new HashMap<>();
    private final Map<String, Aggregate> aggregates = new HashMap<>();

    PeriodReadings(HistoryQueries history, ReportPeriod period) {
        this.h = history;
        this.period = period;
        this.fromRollups = Duration.between(period.from(), period.to()).compareTo(ROLLUPS_BEYOND) > 0;
    }

    HistoryQueries history() {
        return h;
    }

    ReportPeriod period() {
        return period;
    }

    /** The host the report is narrowed to ({@code report --host}), or null for the whole fleet. */
    String host() {
        return h.host();
    }

    /** The incidents overlapping the period: the fleet's, or the narrowed host's (incidents are per check and host). */
    List<IncidentDetails> incidents(IncidentQueries incidents) {
        if (incidents == null) {
            return List.of();
        }
        List<IncidentDetails> all = incidents.overlapping(period.from(), period.to());
        String host = h.host();
        return host == null ? all : all.stream().filter(d -> host.equals(d.incident().host())).toList();
    }

    /** The operators' notes of the period: everyone's, or those taken on the narrowed host. */
    List<Note> notes(NoteQueries notes) {
        return notes.between(period.from(), period.to(), h.host());
    }

    /** True when this period's aggregates come from hourly rollups. */
    boolean fromRollups() {
        return fromRollups;
    }

    /** Availability of a check over the period (runbook-format §8), with the check's estimated interval. */
    Availability availability(String check) {
        return availability.computeIfAbsent(check, id -> {
            Duration interval = h.typicalInterval(id, period.from(), period.to()).orElse(DEFAULT_INTERVAL);
            return h.availability(id, period.from(), period.to(), interval);
        });
    }

    /** Count, sum, min, max, average and percentiles of {@code check.metric} over the period. */
    Aggregate aggregate(String check, String metric) {
        return aggregates.computeIfAbsent(check + "\u0000" + metric,
                k -> h.aggregate(check, metric, period.from(), period.to(), fromRollups));
    }

    /** The newest value of {@code check.metric} in the period, or null. */
    Double last(String check, String metric) {
        return metric == null ? null
                : h.lastValue(check, metric, period.from(), period.to()).map(MetricPoint::value).orElse(null);
    }

    /** The oldest value of {@code check.metric} in the period, or null. */
    Double first(String check, String metric) {
        return metric == null ? null
                : h.firstValue(check, metric, period.from(), period.to()).map(MetricPoint::value).orElse(null);
    }

    /** The newest result of a check in the period. */
    Optional<StoredResult> latest(String check) {
        return h.latest(check, period.from(), period.to());
    }

    /**
     * The sum of a running total's last value on each calendar day of the period (runbook-format §8 [1.1]):
     * two samples of "today's requests" on one day are one day's count, not two. Null without data. One short
     * newest-first read per day.
     */
    Double sumOfDailyLasts(String check, String metric) {
        double sum = 0;
        boolean any = false;
        LocalDate day = period.from().atZone(period.zone()).toLocalDate();
        while (true) {
            ZonedDateTime start = day.atStartOfDay(period.zone());
            if (!start.toInstant().isBefore(period.to())) {
                break;
            }
            Instant from = start.toInstant().isBefore(period.from()) ? period.from() : start.toInstant();
            Instant next = day.plusDays(1).atStartOfDay(period.zone()).toInstant();
            Instant to = next.isAfter(period.to()) ? period.to() : next;
            Optional<MetricPoint> p = h.lastValue(check, metric, from, to);
            if (p.isPresent()) {
                sum += p.get().value();
                any = true;
            }
            day = day.plusDays(1);
        }
        return any ? sum : null;
    }
}

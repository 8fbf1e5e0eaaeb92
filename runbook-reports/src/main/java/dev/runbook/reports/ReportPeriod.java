package dev.runbook.reports;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The calendar period a report covers (runbook-format §8): a day, a week or a month, aligned in the runbook's
 * zone, the one containing the given date ({@code current}) or the one before it ({@code previous}). Immutable.
 *
 * @param kind  {@code day}, {@code week} or {@code month}
 * @param start first day of the period
 * @param end   the day after the last day (exclusive)
 * @param from  start of {@code start} in the zone
 * @param to    start of {@code end} in the zone (exclusive)
 * @param zone  the runbook's zone
 */
public record ReportPeriod(String kind, LocalDate start, LocalDate end, Instant from, Instant to, ZoneId zone) {

    /**
     * The period of kind {@code kind} that {@code covers} ({@code current} or {@code previous}; null means the
     * default: day current, week and month previous) relative to {@code date}.
     *
     * @param weekStart first day of a week, e.g. {@code monday} (null: monday)
     */
    public static ReportPeriod of(String kind, String covers, String weekStart, LocalDate date, ZoneId zone) {
        String k = kind == null ? "day" : kind;
        boolean previous = covers == null ? !"day".equals(k) : "previous".equals(covers);
        LocalDate s;
        LocalDate e;
        switch (k) {
            case "day" -> {
                s = previous ? date.minusDays(1) : date;
                e = s.plusDays(1);
            }
            case "week" -> {
                DayOfWeek first = weekStart == null ? DayOfWeek.MONDAY
                        : DayOfWeek.valueOf(weekStart.toUpperCase(Locale.ROOT));
                LocalDate cur = date.with(TemporalAdjusters.previousOrSame(first));
                s = previous ? cur.minusWeeks(1) : cur;
                e = s.plusWeeks(1);
            }
            case "month" -> {
                LocalDate cur = date.withDayOfMonth(1);
                s = previous ? cur.minusMonths(1) : cur;
                e = s.plusMonths(1);
            }
            default -> throw new IllegalArgumentException("unknown period '" + kind + "': expected day, week or month");
        }
        return new ReportPeriod(k, s, e, s.atStartOfDay(zone).toInstant(), e.atStartOfDay(zone).toInstant(), zone);
    }

    /** The last day of the period (inclusive). */
    public LocalDate last() {
        return end.minusDays(1);
    }

    /** As the seed's headings write it: {@code 2025-10-21}, {@code 2025-10-21 ~ 2025-10-27}, {@code October 2025}. */
    public String label() {
        return switch (kind) {
            case "day" -> start.toString();
            case "week" -> start + " ~ " + last();
            default -> start.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH));
        };
    }
}

package dev.runbook.checks.logs;

import dev.runbook.core.quantity.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A look-back window over log timestamps: {@code today} (since midnight in the runbook's zone), {@code yesterday}
 * (the whole previous day), {@code week} (since Monday 00:00 of this week), {@code month} (since 00:00 on the 1st
 * of this month) or a duration ({@code 24h}, {@code 30m}) ending now. {@code week} and {@code month} are running
 * totals of the calendar period, as {@code today} is of the day, so that a weekly or monthly report reads the
 * period's own percentiles from the last run in it. Immutable and thread-safe.
 */
public final class LogWindow {
    private enum Kind { TODAY, YESTERDAY, WEEK, MONTH, DURATION }

    private final Kind kind;
    private final Duration length;
    private final String text;

    private LogWindow(Kind kind, Duration length, String text) {
        this.kind = kind;
        this.length = length;
        this.text = text;
    }

    /**
     * Parses a window; null stays null.
     *
     * @throws IllegalArgumentException naming {@code window} and the text
     */
    public static LogWindow parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("today")) {
            return new LogWindow(Kind.TODAY, null, t);
        }
        if (t.equals("yesterday")) {
            return new LogWindow(Kind.YESTERDAY, null, t);
        }
        if (t.equals("week")) {
            return new LogWindow(Kind.WEEK, null, t);
        }
        if (t.equals("month")) {
            return new LogWindow(Kind.MONTH, null, t);
        }
        try {
            Duration d = Quantity.parseDuration(t);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be longer than zero");
            }
            return new LogWindow(Kind.DURATION, d, t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window: expected today, yesterday, week, month or a duration such as "
                    + "24h, found '" + text + "'");
        }
    }

    /** The window's start at {@code now}. */
    public Instant start(Instant now, ZoneId zone) {
        switch (kind) {
            case TODAY:
                return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
            case YESTERDAY:
                return LocalDate.ofInstant(now, zone).minusDays(1).atStartOfDay(zone).toInstant();
            case WEEK:
                return LocalDate.ofInstant(now, zone).with(java.time.temporal.TemporalAdjusters.previousOrSame(
                        java.time.DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
            case MONTH:
                return LocalDate.ofInstant(now, zone).withDayOfMonth(1).atStartOfDay(zone).toInstant();
            default:
                return now.minus(length);
        }
    }

    /** The window's end (exclusive for {@code yesterday}, else now inclusive). */
    public Instant end(Instant now, ZoneId zone) {
        if (kind == Kind.YESTERDAY) {
            return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        }
        return now.plusNanos(1);
    }

    /** True for {@code week} and {@code month}, which {@code journalctl --since} cannot express by name. */
    public boolean calendar() {
        return kind == Kind.WEEK || kind == Kind.MONTH;
    }

    /** The {@code journalctl --since} argument for this window. */
    public String journalSince() {
        switch (kind) {
            case TODAY:
                return "today";
            case YESTERDAY:
                return "yesterday";
            default:
                long sec = length.getSeconds();
                if (sec % 3600 == 0) {
                    return sec / 3600 + " hours ago";
                }
                return sec % 60 == 0 ? sec / 60 + " minutes ago" : sec + " seconds ago";
        }
    }

    /** The {@code journalctl --until} argument, or null. */
    public String journalUntil() {
        return kind == Kind.YESTERDAY ? "today" : null;
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.runbook.core.model;

import dev.runbook.core.schedule.DaySet;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time when checks run but count for nothing: recurring ({@code "sunday 02:00-04:00"}, {@code
 * "daily 23:00-01:00"} crossing midnight) or one-off ({@code from}/{@code until}). Immutable.
 */
public final class MaintenanceWindow {
    private static final Pattern RECURRING = Pattern.compile("\\s*(\\S+)\\s+(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*");

    private final String text;
    private final DaySet days;
    private final LocalTime start;
    private final LocalTime end;
    private final Instant from;
    private final Instant until;
    private final String reason;

    private MaintenanceWindow(String text, DaySet days, LocalTime start, LocalTime end, Instant from, Instant until,
                              String reason) {
        this.text = text;
        this.days = days;
        this.start = start;
        this.end = end;
        this.from = from;
        this.until = until;
        this.reason = reason;
    }

    /**
     * A recurring window.
     *
     * @throws IllegalArgumentException saying what form was expected
     */
    public static MaintenanceWindow recurring(String when, String reason) {
        Matcher m = RECURRING.matcher(when == null ? "" : when);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a window such as \"sunday 02:00-04:00\" or \"daily 23:00-01:00\", "
                    + "found '" + when + "'");
        }
        DaySet days = DaySet.parse(m.group(1));
        try {
            return new MaintenanceWindow(when.trim(), days, LocalTime.parse(pad(m.group(2))), LocalTime.parse(pad(m.group(3))),
                    null, null, reason);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time in window '" + when + "': " + e.getParsedString());
        }
    }

    private static String pad(String t) {
        return t.length() == 4 ? "0" + t : t;
    }

    /** A one-off window {@code [from, until)}. */
    public static MaintenanceWindow between(Instant from, Instant until, String reason) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("maintenance window: until must be after from");
        }
        return new MaintenanceWindow(from + " - " + until, null, null, null, from, until, reason);
    }

    /** True if {@code now} (in the runbook's zone) falls inside. */
    public boolean contains(ZonedDateTime now) {
        if (from != null) {
            Instant i = now.toInstant();
            return !i.isBefore(from) && i.isBefore(until);
        }
        LocalTime t = now.toLocalTime();
        if (!start.isAfter(end)) { // same day
            return days.contains(now.getDayOfWeek()) && !t.isBefore(start) && t.isBefore(end);
        }
        // crosses midnight: the evening part belongs to the listed day, the morning part to the day after
        if (!t.isBefore(start)) {
            return days.contains(now.getDayOfWeek());
        }
        return t.isBefore(end) && days.contains(now.getDayOfWeek().minus(1));
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return text + (reason == null ? "" : " (" + reason + ")");
    }
}

package dev.runbook.incidents;

import dev.runbook.core.schedule.DaySet;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * When a contact is reachable, as the runbook writes it: {@code always} (also {@code 24/7}, or no value),
 * a time range alone ({@code 09:00-18:00}, every day), or a day form with a time range
 * ({@code weekdays 09:00-18:00}, {@code monday 08:00-12:00}, {@code daily 22:00-06:00} crossing midnight).
 * The start is inclusive and the end exclusive; a range crossing midnight belongs to the day it starts on.
 * Immutable and thread-safe.
 */
public final class ContactHours {
    private static final ContactHours ALWAYS = new ContactHours(null, null, null, "always");

    private final DaySet days;
    private final LocalTime from;
    private final LocalTime until;
    private final String text;

    private ContactHours(DaySet days, LocalTime from, LocalTime until, String text) {
        this.days = days;
        this.from = from;
        this.until = until;
        this.text = text;
    }

    /** Reachable at any time. */
    public static ContactHours always() {
        return ALWAYS;
    }

    /**
     * Parses a contact's {@code hours}; null or blank is {@code always}.
     *
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public static ContactHours parse(String hours) {
        if (hours == null || hours.isBlank()) {
            return ALWAYS;
        }
        String h = hours.trim().toLowerCase(Locale.ROOT);
        if (h.equals("always") || h.equals("24/7")) {
            return ALWAYS;
        }
        String[] parts = h.split("\\s+");
        DaySet days;
        String range;
        if (parts.length == 1) {
            days = DaySet.parse("daily");
            range = parts[0];
        } else if (parts.length == 2) {
            days = DaySet.parse(parts[0]);
            range = parts[1];
        } else {
            throw invalid(hours);
        }
        String[] times = range.split("-");
        if (times.length != 2) {
            throw invalid(hours);
        }
        try {
            LocalTime from = LocalTime.parse(pad(times[0]));
            LocalTime until = LocalTime.parse(pad(times[1]));
            if (from.equals(until)) {
                throw new IllegalArgumentException("hours '" + hours + "': the range starts and ends at the same time");
            }
            return new ContactHours(days, from, until, hours.trim());
        } catch (DateTimeParseException e) {
            throw invalid(hours);
        }
    }

    private static String pad(String t) {
        return t.length() == 4 && t.charAt(1) == ':' ? "0" + t : t;
    }

    private static IllegalArgumentException invalid(String hours) {
        return new IllegalArgumentException("expected hours as 'always', 'HH:MM-HH:MM' or '<days> HH:MM-HH:MM' "
                + "(days: daily, weekdays, weekends or a day name), found '" + hours + "'");
    }

    /** True if the contact is reachable at this local time. */
    public boolean reachableAt(ZonedDateTime at) {
        if (days == null) {
            return true;
        }
        LocalTime t = at.toLocalTime();
        if (from.isBefore(until)) {
            return days.contains(at.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(until);
        }
        // crosses midnight: the evening part belongs to today, the morning part to yesterday's range
        if (!t.isBefore(from)) {
            return days.contains(at.getDayOfWeek());
        }
        return t.isBefore(until) && days.contains(at.getDayOfWeek().minus(1));
    }

    /** True for {@code always}. */
    public boolean isAlways() {
        return days == null;
    }

    @Override
    public String toString() {
        return text;
    }
}

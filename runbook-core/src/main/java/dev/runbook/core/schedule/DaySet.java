package dev.runbook.core.schedule;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A set of week days named as the runbook names them: {@code daily}, {@code weekdays}, {@code weekends}, or a
 * day name ({@code monday}, {@code mon}). Immutable.
 */
public final class DaySet {
    private final Set<DayOfWeek> days;
    private final String text;

    private DaySet(Set<DayOfWeek> days, String text) {
        this.days = days;
        this.text = text;
    }

    /**
     * Parses a day word.
     *
     * @throws IllegalArgumentException listing the accepted words
     */
    public static DaySet parse(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        switch (w) {
            case "daily":
            case "always":
            case "everyday":
                return new DaySet(EnumSet.allOf(DayOfWeek.class), w);
            case "weekdays":
                return new DaySet(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), w);
            case "weekends":
                return new DaySet(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), w);
            default:
                DayOfWeek d = dayOf(w);
                if (d == null) {
                    throw new IllegalArgumentException("expected daily, weekdays, weekends or a day name (monday…sunday), "
                            + "found '" + word + "'");
                }
                return new DaySet(EnumSet.of(d), w);
        }
    }

    /** The day for a name or its three-letter abbreviation, or null. */
    public static DayOfWeek dayOf(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String name = d.name().toLowerCase(Locale.ROOT);
            if (name.equals(w) || name.substring(0, 3).equals(w)) {
                return d;
            }
        }
        return null;
    }

    public boolean contains(DayOfWeek day) {
        return days.contains(day);
    }

    @Override
    public String toString() {
        return text;
    }
}

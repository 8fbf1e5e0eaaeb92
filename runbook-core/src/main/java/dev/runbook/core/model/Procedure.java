package dev.runbook.core.model;

import dev.runbook.core.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A titled list of steps with its schedules: a section of the runbook such as "Morning Check". Its checklist
 * is its steps with their titles. A run paused at a manual gate expires after {@code pauseTimeout} (default
 * {@link #DEFAULT_PAUSE_TIMEOUT}). Immutable.
 */
public record Procedure(String id, String title, List<Schedule> schedules, List<Step> steps, Duration pauseTimeout) {
    /** How long a paused run waits for confirmation when the procedure does not say. */
    public static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofHours(24);

    public Procedure {
        if (pauseTimeout == null) {
            pauseTimeout = DEFAULT_PAUSE_TIMEOUT;
        }
        if (pauseTimeout.isNegative() || pauseTimeout.isZero()) {
            throw new IllegalArgumentException("procedure '" + id + "': pause_timeout must be positive, found "
                    + pauseTimeout);
        }
        CheckDefinition.requireId("procedure id", id);
        schedules = List.copyOf(schedules);
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("procedure '" + id + "' has no steps");
        }
    }

    /** A procedure with the default pause timeout. */
    public Procedure(String id, String title, List<Schedule> schedules, List<Step> steps) {
        this(id, title, schedules, steps, DEFAULT_PAUSE_TIMEOUT);
    }

    /** A pause timeout as the contract words it: {@code 24h}, {@code 90m}, {@code 45s}. */
    public static String words(Duration d) {
        long sec = d.toSeconds();
        return sec % 3600 == 0 ? sec / 3600 + "h" : sec % 60 == 0 ? sec / 60 + "m" : sec + "s";
    }

    /** The title, or the id. */
    public String label() {
        return title != null ? title : id;
    }

    /** Check steps in order. */
    public List<Step> checklist() {
        return steps;
    }

    /** A shorthand. */
    public static Procedure of(String id, String title, List<Step> steps) {
        return new Procedure(id, title, List.of(), steps);
    }

    @Override
    public String toString() {
        return "procedure " + Objects.toString(title, id);
    }
}

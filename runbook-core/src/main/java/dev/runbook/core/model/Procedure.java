package dev.runbook.core.model;

import dev.runbook.core.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A titled list of steps with its schedules: a section of the runbook such as "Morning Check". Its checklist
 * is its steps with their titles. A run paused at a manual gate expires after {@code pauseTimeout} (default
 * {@link #DEFAULT_PAUSE_TIMEOUT}). {@code runOn} says where a fleet sharing one store runs it (runbook-format
 * §10): on every host ({@code run_on: each}, the default) or once for the fleet ({@code run_on: one}). Immutable.
 */
public record Procedure(String id, String title, List<Schedule> schedules, List<Step> steps, Duration pauseTimeout,
                        RunOn runOn) {
    /** Where a fleet runs a procedure (runbook-format §10 {@code run_on}). */
    public enum RunOn {
        /** On every host ({@code run_on: each}, the default). */
        EACH,
        /** Once for the fleet, by the daemon holding the procedure's lease ({@code run_on: one}). */
        ONE;

        /** The contract's word: {@code each} or {@code one}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The value of a {@code run_on:} word, or null if it is neither {@code each} nor {@code one}. */
        public static RunOn of(String word) {
            return "each".equals(word) ? EACH : "one".equals(word) ? ONE : null;
        }
    }

    /** How long a paused run waits for confirmation when the procedure does not say. */
    public static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofHours(24);

    public Procedure {
        if (runOn == null) {
            runOn = RunOn.EACH;
        }
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

    /** A procedure that runs on every host of a fleet. */
    public Procedure(String id, String title, List<Schedule> schedules, List<Step> steps, Duration pauseTimeout) {
        this(id, title, schedules, steps, pauseTimeout, RunOn.EACH);
    }

    /** A procedure with the default pause timeout. */
    public Procedure(String id, String title, List<Schedule> schedules, List<Step> steps) {
        this(id, title, schedules, steps, DEFAULT_PAUSE_TIMEOUT);
    }

    /** A copy that runs where {@code where} says (runbook-format §10 {@code run_on}). */
    public Procedure withRunOn(RunOn where) {
        return new Procedure(id, title, schedules, steps, pauseTimeout, where);
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

package dev.runbook.core.model;

import dev.runbook.core.schedule.Schedule;
import java.util.List;
import java.util.Objects;

/**
 * A titled list of steps with its schedules: a section of the runbook such as "Morning Check". Its checklist
 * is its steps with their titles. Immutable.
 */
public record Procedure(String id, String title, List<Schedule> schedules, List<Step> steps) {
    public Procedure {
        CheckDefinition.requireId("procedure id", id);
        schedules = List.copyOf(schedules);
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("procedure '" + id + "' has no steps");
        }
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

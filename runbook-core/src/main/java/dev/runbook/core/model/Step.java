package dev.runbook.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a procedure or remediation (runbook-format §5, §6). The engine owns these shapes; users extend
 * checks and actions instead. Immutable.
 */
public sealed interface Step permits Step.Checks, Step.Run, Step.Wait, Step.Recheck, Step.Escalate, Step.Report,
        Step.Manual, Step.When {

    /** A title for the checklist. */
    String title();

    /** Run checks (one id, or a titled group); consecutive check steps run together, concurrently. */
    record Checks(List<String> checkIds, String title) implements Step {
        public Checks {
            checkIds = List.copyOf(checkIds);
            if (checkIds.isEmpty()) {
                throw new IllegalArgumentException("a checks step needs at least one check id");
            }
        }

        @Override
        public String title() {
            return title != null ? title : String.join(", ", checkIds);
        }
    }

    /** Run an action (by id, or inline). A failed action counts as CRITICAL in a procedure. */
    record Run(ActionDefinition action) implements Step {
        public Run {
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String title() {
            return action.label();
        }
    }

    /** Sleep (not slept in dry-run). */
    record Wait(Duration duration) implements Step {
        public Wait {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("wait needs a duration that is not negative, found " + duration);
            }
        }

        @Override
        public String title() {
            return "wait " + dev.runbook.core.quantity.Quantity.humanize(duration.toNanos() / 1e9,
                    dev.runbook.core.quantity.Unit.SECONDS);
        }
    }

    /** Run a check again with its raw thresholds; OK ends the remediation (or procedure) as recovered. */
    record Recheck(String checkId) implements Step {
        public Recheck {
            Objects.requireNonNull(checkId, "checkId");
        }

        @Override
        public String title() {
            return "recheck " + checkId;
        }
    }

    /** Open or raise an incident at a level. */
    record Escalate(String level) implements Step {
        public Escalate {
            Objects.requireNonNull(level, "level");
        }

        @Override
        public String title() {
            return "escalate " + level;
        }
    }

    /** Render and send a report. */
    record Report(String reportId) implements Step {
        public Report {
            Objects.requireNonNull(reportId, "reportId");
        }

        @Override
        public String title() {
            return "report " + reportId;
        }
    }

    /**
     * A human confirmation. A gate ({@code gate} true, the default) stops the run until someone confirms it: on a
     * terminal it is asked; without one the run pauses there (§6). With {@code gate} false it is a plain checklist
     * line: asked on a terminal, otherwise recorded as not confirmed and the run goes on.
     */
    record Manual(String text, boolean gate) implements Step {
        public Manual {
            Objects.requireNonNull(text, "text");
        }

        /** A gate. */
        public Manual(String text) {
            this(text, true);
        }

        @Override
        public String title() {
            return text;
        }
    }

    /**
     * A step that runs only when its condition holds ({@code when:}); otherwise it is skipped "condition not met"
     * and not counted.
     */
    record When(StepCondition condition, Step step) implements Step {
        public When {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(step, "step");
            if (step instanceof When) {
                throw new IllegalArgumentException("a step carries one condition, found a condition on a condition");
            }
        }

        @Override
        public String title() {
            return step.title();
        }
    }

    /** The step itself, without its condition. */
    static Step unwrap(Step s) {
        return s instanceof When w ? w.step() : s;
    }
}

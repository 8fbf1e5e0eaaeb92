package dev.runbook.dsl;

import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.StepCondition;
import dev.runbook.core.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A procedure being declared (runbook-format §6): title, schedules and steps. Each method validates its argument
 * at once. Not thread-safe; used while a {@link RunbookBuilder} is being filled.
 */
public final class ProcedureSpec {
    private final String id;
    private String title;
    private final List<Schedule> schedules = new ArrayList<>();
    private final List<Object> steps = new ArrayList<>();
    private final Map<Integer, StepCondition> conditions = new java.util.HashMap<>();
    private Duration pauseTimeout;
    private Procedure.RunOn runOn = Procedure.RunOn.EACH;

    ProcedureSpec(String id) {
        this.id = id;
    }

    public ProcedureSpec title(String title) {
        this.title = title;
        return this;
    }

    /** {@code daily 09:00}, {@code monday 10:00}, {@code monthly 1 10:00}, {@code every 5m}, {@code cron "…"}. */
    public ProcedureSpec schedule(String schedule) {
        schedules.add(Schedule.parse(schedule));
        return this;
    }

    /** One step per check id. */
    public ProcedureSpec checks(String... ids) {
        for (String id : ids) {
            steps.add(new Step.Checks(List.of(id), null));
        }
        return this;
    }

    /** A titled group of checks run together. */
    public ProcedureSpec group(String title, String... ids) {
        steps.add(new Step.Checks(List.of(ids), title));
        return this;
    }

    /** Run a named action. */
    public ProcedureSpec run(String actionId) {
        steps.add(actionId);
        return this;
    }

    public ProcedureSpec waitFor(String duration) {
        steps.add(new Step.Wait(Durations.parse("wait", duration)));
        return this;
    }

    public ProcedureSpec waitFor(Duration duration) {
        steps.add(new Step.Wait(Durations.positiveOrZero("wait", duration)));
        return this;
    }

    /** Recheck: OK ends the procedure; otherwise the next steps run. */
    public ProcedureSpec recheck(String checkId) {
        steps.add(new Step.Recheck(checkId));
        return this;
    }

    public ProcedureSpec escalate(String level) {
        steps.add(new Step.Escalate(level));
        return this;
    }

    /** A manual gate: confirmed on a terminal, else the run pauses here until {@code runbook confirm}. */
    public ProcedureSpec manual(String text) {
        steps.add(new Step.Manual(text));
        return this;
    }

    /** A plain checklist line ({@code gate: false}): asked on a terminal, otherwise not confirmed and the run goes on. */
    public ProcedureSpec checklistLine(String text) {
        steps.add(new Step.Manual(text, false));
        return this;
    }

    /** The step added last runs only if at least one of these checks is not OK ({@code when: {not_ok: [...]}}). */
    public ProcedureSpec whenNotOk(String... checkIds) {
        return when(StepCondition.notOk(List.of(checkIds)));
    }

    /** The step added last runs only if all these checks are OK ({@code when: {ok: [...]}}). */
    public ProcedureSpec whenOk(String... checkIds) {
        return when(StepCondition.ok(List.of(checkIds)));
    }

    private ProcedureSpec when(StepCondition c) {
        if (steps.isEmpty()) {
            throw new IllegalStateException("procedure '" + id + "': a when condition follows the step it applies to");
        }
        conditions.put(steps.size() - 1, c);
        return this;
    }

    /** How long a run paused at a gate waits before it expires (default 24h). */
    public ProcedureSpec pauseTimeout(String duration) {
        this.pauseTimeout = Durations.parse("pause_timeout", duration);
        return this;
    }

    /**
     * Runs the procedure once for a fleet sharing one store ({@code run_on: one}, runbook-format §10) rather than on
     * every host ({@code run_on: each}, the default).
     */
    public ProcedureSpec runOnOne() {
        this.runOn = Procedure.RunOn.ONE;
        return this;
    }

    public ProcedureSpec report(String reportId) {
        steps.add(new Step.Report(reportId));
        return this;
    }

    Procedure build(Map<String, ActionDefinition> known) {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Object o = steps.get(i);
            if (o instanceof String a) {
                ActionDefinition def = known.get(a);
                if (def == null) {
                    throw new IllegalArgumentException("procedure '" + id + "': unknown action '" + a + "'");
                }
                out.add(new Step.Run(def));
            } else {
                out.add((Step) o);
            }
            StepCondition c = conditions.get(i);
            if (c != null) {
                out.set(i, new Step.When(c, out.get(i)));
            }
        }
        return new Procedure(id, title, schedules, out, pauseTimeout, runOn);
    }
}

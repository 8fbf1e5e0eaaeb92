package dev.runbook.dsl;

import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Step;
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

    /** A human confirmation. */
    public ProcedureSpec manual(String text) {
        steps.add(new Step.Manual(text));
        return this;
    }

    public ProcedureSpec report(String reportId) {
        steps.add(new Step.Report(reportId));
        return this;
    }

    Procedure build(Map<String, ActionDefinition> known) {
        List<Step> out = new ArrayList<>();
        for (Object o : steps) {
            if (o instanceof String a) {
                ActionDefinition def = known.get(a);
                if (def == null) {
                    throw new IllegalArgumentException("procedure '" + id + "': unknown action '" + a + "'");
                }
                out.add(new Step.Run(def));
            } else {
                out.add((Step) o);
            }
        }
        return new Procedure(id, title, schedules, out);
    }
}

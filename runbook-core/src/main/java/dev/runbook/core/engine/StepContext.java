package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.CapturedValues;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/** The context of one action: its deadline fixed when the action was submitted. */
final class StepContext implements ActionContext {
    private final Run run;
    private final ActionDefinition def;
    private final CheckDefinition check;
    private final CheckRun trigger;
    private final Instant deadline;

    StepContext(Run run, ActionDefinition def, CheckDefinition check, CheckRun trigger, Instant deadline) {
        this.run = run;
        this.def = def;
        this.check = check;
        this.trigger = trigger;
        this.deadline = deadline;
    }

    @Override
    public String actionId() {
        return def.id();
    }

    @Override
    public Clock clock() {
        return run.clock;
    }

    @Override
    public ZoneId zone() {
        return run.zone;
    }

    @Override
    public Duration timeout() {
        return def.timeout();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean dryRun() {
        return run.req.dryRun();
    }

    @Override
    public String checkId() {
        return check == null ? null : check.id();
    }

    @Override
    public String procedureId() {
        return run.req.procedure();
    }

    @Override
    public CheckResult trigger() {
        return trigger == null ? null : Run.toResult(trigger);
    }

    @Override
    public Map<String, String> captured() {
        synchronized (run.captured) {
            return Map.copyOf(run.captured);
        }
    }

    @Override
    public void capture(String name, String value) {
        if (!run.req.dryRun()) {
            synchronized (run.captured) {
                run.captured.put(name, value);
            }
        }
    }

    @Override
    public String expand(String text) {
        Map<String, String> values;
        synchronized (run.captured) {
            values = new HashMap<>(run.captured);
        }
        return CapturedValues.expand(text, values, run.req.dryRun());
    }

    @Override
    public IncidentService incidents() {
        return run.incidents;
    }

    @Override
    public NotificationService notifications() {
        return run.notifications;
    }

    @Override
    public String operator() {
        return run.req.operator();
    }
}

package dev.runbook.dsl;

import dev.runbook.core.action.Action;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Steps of a remediation or of an inline list ({@code on_critical}), as in runbook-format §5: actions, waits,
 * rechecks, escalations, and optionally a {@code limit}. Each method validates its argument at once. Not
 * thread-safe; used while a {@link RunbookBuilder} is being filled.
 */
public final class StepsSpec {
    private Object[] pendingLimit;

    StepsSpec() {
    }

    private final List<Object> steps = new ArrayList<>();

    /** Run a named action. */
    public StepsSpec run(String actionId) {
        steps.add(actionId);
        return this;
    }

    /** Run an inline action. */
    public StepsSpec run(String label, Action action) {
        steps.add(new Step.Run(ActionDefinition.of(label, action)));
        return this;
    }

    /** Wait, e.g. {@code "30s"}. */
    public StepsSpec waitFor(String duration) {
        steps.add(new Step.Wait(Durations.parse("wait", duration)));
        return this;
    }

    /** Wait this long. */
    public StepsSpec waitFor(Duration duration) {
        steps.add(new Step.Wait(Durations.positiveOrZero("wait", duration)));
        return this;
    }

    /**
     * {@code limit: {attempts, within, then}}: once the remediation has run {@code attempts} times within
     * {@code within} without lasting recovery, {@code then} runs instead.
     */
    public StepsSpec limit(int attempts, Duration within, Consumer<StepsSpec> then) {
        if (attempts < 1) {
            throw new IllegalArgumentException("limit.attempts must be at least 1, found " + attempts);
        }
        StepsSpec t = new StepsSpec();
        then.accept(t);
        pendingLimit = new Object[] {attempts, Durations.positive("limit.within", within), t};
        return this;
    }

    /** {@link #limit(int, Duration, Consumer)} with {@code within} written as in YAML, e.g. {@code "1h"}. */
    public StepsSpec limit(int attempts, String within, Consumer<StepsSpec> then) {
        return limit(attempts, Durations.parse("limit.within", within), then);
    }

    /** Run a check again; OK ends the remediation as recovered. */
    public StepsSpec recheck(String checkId) {
        steps.add(new Step.Recheck(checkId));
        return this;
    }

    /** Open or raise an incident. */
    public StepsSpec escalate(String level) {
        steps.add(new Step.Escalate(level));
        return this;
    }

    /** The remediation these steps make, with its limit if one was given. */
    Remediation toRemediation(String id, Map<String, ActionDefinition> known) {
        List<Step> resolved = resolve(known);
        if (pendingLimit == null) {
            return Remediation.of(id, resolved);
        }
        Remediation.Limit limit = new Remediation.Limit((Integer) pendingLimit[0], (Duration) pendingLimit[1],
                ((StepsSpec) pendingLimit[2]).resolve(known));
        return new Remediation(id, resolved, limit);
    }

    List<Step> resolve(Map<String, ActionDefinition> known) {
        List<Step> out = new ArrayList<>();
        for (Object o : steps) {
            if (o instanceof String id) {
                ActionDefinition a = known.get(id);
                if (a == null) {
                    throw new IllegalArgumentException("unknown action '" + id + "' (actions: "
                            + String.join(", ", known.keySet()) + ")");
                }
                out.add(new Step.Run(a));
            } else {
                out.add((Step) o);
            }
        }
        return out;
    }
}

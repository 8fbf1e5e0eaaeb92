package dev.runbook.core.action;

import dev.runbook.core.CheckResult;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * A view of an action's context with dry-run forced on and captures dropped, so an action's {@code execute} can
 * be asked what it would do ({@link Action#describedByDryRun(Action)}). Thread-safety as the wrapped context.
 */
public final class DryRunView implements ActionContext {
    private final ActionContext base;

    private DryRunView(ActionContext base) {
        this.base = Objects.requireNonNull(base, "context");
    }

    /** The dry-run view of {@code context}. */
    public static ActionContext of(ActionContext context) {
        return context instanceof DryRunView ? context : new DryRunView(context);
    }

    /** The sentence for a dry-run's result: its message, or "would fail: …" when the dry-run found a problem. */
    public static String sentence(ActionResult r) {
        if (r == null) {
            return "would run an action that returns no result";
        }
        return switch (r.outcome()) {
            case DRY_RUN, DONE -> r.message();
            case SKIPPED, WAITING -> "would skip: " + r.message();
            case FAILED, TIMED_OUT -> "would fail: " + r.message();
        };
    }

    @Override
    public String actionId() {
        return base.actionId();
    }

    @Override
    public Clock clock() {
        return base.clock();
    }

    @Override
    public ZoneId zone() {
        return base.zone();
    }

    @Override
    public Duration timeout() {
        return base.timeout();
    }

    @Override
    public Instant deadline() {
        return base.deadline();
    }

    @Override
    public boolean dryRun() {
        return true;
    }

    @Override
    public String checkId() {
        return base.checkId();
    }

    @Override
    public String procedureId() {
        return base.procedureId();
    }

    @Override
    public CheckResult trigger() {
        return base.trigger();
    }

    @Override
    public Map<String, String> captured() {
        return base.captured();
    }

    @Override
    public void capture(String name, String value) {
        // a dry-run keeps nothing
    }

    @Override
    public String expand(String text) {
        return base.expand(text);
    }

    @Override
    public IncidentService incidents() {
        return base.incidents();
    }

    @Override
    public NotificationService notifications() {
        return base.notifications();
    }

    @Override
    public String operator() {
        return base.operator();
    }
}

package dev.runbook.checks.backup;

import dev.runbook.core.CheckResult;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** A hand-written action context: fixed clock, no incidents or notifications. */
final class TestActionContext implements ActionContext {
    private final Clock clock;
    private final boolean dryRun;
    final Map<String, String> captured = new HashMap<>();

    TestActionContext(Instant now, boolean dryRun) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.dryRun = dryRun;
    }

    @Override
    public String actionId() {
        return "test-action";
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String checkId() {
        return null;
    }

    @Override
    public String procedureId() {
        return null;
    }

    @Override
    public CheckResult trigger() {
        return null;
    }

    @Override
    public Map<String, String> captured() {
        return captured;
    }

    @Override
    public void capture(String name, String value) {
        captured.put(name, value);
    }

    @Override
    public String expand(String text) {
        return text;
    }

    @Override
    public IncidentService incidents() {
        throw new UnsupportedOperationException("not used by these actions");
    }

    @Override
    public NotificationService notifications() {
        throw new UnsupportedOperationException("not used by these actions");
    }

    @Override
    public String operator() {
        return null;
    }
}

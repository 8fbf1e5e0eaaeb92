package dev.runbook.core.testing;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.CapturedValues;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link ActionContext} for testing action types without an engine: a clock that moves only when told,
 * captured values you can inspect ({@link #captured}), {@code ${captured.NAME}} expansion as the engine does it,
 * in-memory incidents and logging-only notifications unless you give others. Shipped in main code for authors
 * of custom types. Not thread-safe: one per test.
 */
public final class TestActionContext implements ActionContext {
    /** Values captured so far: inspect them, or seed them before a run. */
    public final Map<String, String> captured = new LinkedHashMap<>();
    private ManualClock clock;
    private ZoneId zone = ZoneOffset.UTC;
    private Duration timeout = Duration.ofSeconds(10);
    private boolean dryRun;
    private String actionId = "test-action";
    private String checkId;
    private String operator;
    private CheckResult trigger;
    private IncidentService incidents;
    private NotificationService notifications = NotificationService.loggingOnly();

    /** A context whose clock stands still at the moment it was made. */
    public TestActionContext() {
        this(Instant.now(), false);
    }

    /** A context at {@code now}, in dry-run or not. */
    public TestActionContext(Instant now, boolean dryRun) {
        this.clock = new ManualClock(now, zone);
        this.dryRun = dryRun;
    }

    public TestActionContext timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public TestActionContext dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    /** Moves the clock to {@code i}. */
    public TestActionContext at(Instant i) {
        this.clock = new ManualClock(i, zone);
        return this;
    }

    /** The clock's current instant. */
    public Instant now() {
        return clock.instant();
    }

    public TestActionContext advance(Duration d) {
        clock.advance(d);
        return this;
    }

    public TestActionContext zone(ZoneId z) {
        this.zone = z;
        this.clock = new ManualClock(clock.instant(), z);
        return this;
    }

    public TestActionContext actionId(String id) {
        this.actionId = id;
        return this;
    }

    public TestActionContext checkId(String id) {
        this.checkId = id;
        return this;
    }

    public TestActionContext operator(String name) {
        this.operator = name;
        return this;
    }

    public TestActionContext trigger(CheckResult result) {
        this.trigger = result;
        return this;
    }

    public TestActionContext incidents(IncidentService service) {
        this.incidents = service;
        return this;
    }

    public TestActionContext notifications(NotificationService service) {
        this.notifications = service;
        return this;
    }

    @Override
    public String actionId() {
        return actionId;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String checkId() {
        return checkId;
    }

    @Override
    public String procedureId() {
        return null;
    }

    @Override
    public CheckResult trigger() {
        return trigger;
    }

    @Override
    public Map<String, String> captured() {
        return captured;
    }

    @Override
    public void capture(String name, String value) {
        if (!dryRun) {
            captured.put(name, value);
        }
    }

    /** Expands {@code ${captured.NAME}} exactly as the engine does ({@link CapturedValues}). */
    @Override
    public String expand(String text) {
        return CapturedValues.expand(text, captured, dryRun);
    }

    @Override
    public IncidentService incidents() {
        if (incidents == null) {
            incidents = new InMemoryIncidents(EscalationPolicy.none(), clock);
        }
        return incidents;
    }

    @Override
    public NotificationService notifications() {
        return notifications;
    }

    @Override
    public String operator() {
        return operator;
    }
}

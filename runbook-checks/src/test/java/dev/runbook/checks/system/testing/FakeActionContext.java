package dev.runbook.checks.system.testing;

import dev.runbook.core.CheckResult;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A hand-written action context for tests: a fixed clock, captured values, dry-run switch. */
public final class FakeActionContext implements ActionContext {
    private static final Pattern CAPTURED = Pattern.compile("\\$\\{captured\\.([a-z0-9_]+)}");
    private Instant now = Instant.parse("2026-11-28T09:00:00Z");
    private Duration timeout = Duration.ofSeconds(10);
    private boolean dryRun;
    public final Map<String, String> captured = new LinkedHashMap<>();

    public FakeActionContext timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public FakeActionContext dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    public FakeActionContext at(Instant i) {
        this.now = i;
        return this;
    }

    public Instant now() {
        return now;
    }

    @Override
    public String actionId() {
        return "test-action";
    }

    @Override
    public Clock clock() {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
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
        if (!dryRun) {
            captured.put(name, value);
        }
    }

    @Override
    public String expand(String text) {
        Matcher m = CAPTURED.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = captured.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("nothing captured as '" + m.group(1) + "'");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    @Override
    public IncidentService incidents() {
        throw new UnsupportedOperationException("not used by these actions");
    }

    @Override
    public NotificationService notifications() {
        return NotificationService.loggingOnly();
    }

    @Override
    public String operator() {
        return null;
    }
}

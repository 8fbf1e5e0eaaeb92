package dev.runbook.checks.system.testing;

import dev.runbook.core.CheckContext;
import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A hand-written check context for tests: a settable clock, an in-memory state and a timeout. */
public final class FakeCheckContext implements CheckContext {
    private Instant now = Instant.parse("2026-11-28T09:00:00Z");
    private Duration timeout = Duration.ofSeconds(10);
    private boolean dryRun;
    public final Map<String, String> state = new HashMap<>();

    public FakeCheckContext timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public FakeCheckContext dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    public FakeCheckContext advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    @Override
    public String checkId() {
        return "test";
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
    public StateStore.Scoped state() {
        return new StateStore.Scoped() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(state.get(key));
            }

            @Override
            public void put(String key, String value) {
                if (dryRun) {
                    return;
                }
                if (value == null) {
                    state.remove(key);
                } else {
                    state.put(key, value);
                }
            }
        };
    }

    @Override
    public HistoryReader history() {
        return HistoryReader.empty();
    }

    @Override
    public OptionalDouble runMetric(String reference) {
        return OptionalDouble.empty();
    }
}

package dev.runbook.checks.fs;

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

/** A hand-written check context for the tests of the content checks: fixed clock, in-memory state. */
public final class TestCheckContext implements CheckContext {
    public final Map<String, String> state = new HashMap<>();
    public final Map<String, Double> runMetrics = new HashMap<>();
    private Clock clock;
    private Duration timeout = Duration.ofSeconds(5);
    private boolean dryRun;
    private ZoneId zone = ZoneOffset.UTC;

    public TestCheckContext(Instant now) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    public static TestCheckContext at(String instant) {
        return new TestCheckContext(Instant.parse(instant));
    }

    public TestCheckContext now(Instant now) {
        this.clock = Clock.fixed(now, zone);
        return this;
    }

    public TestCheckContext timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    public TestCheckContext dryRun(boolean b) {
        this.dryRun = b;
        return this;
    }

    public TestCheckContext zone(ZoneId z) {
        this.zone = z;
        this.clock = Clock.fixed(clock.instant(), z);
        return this;
    }

    @Override
    public String checkId() {
        return "test";
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
        Double v = runMetrics.get(reference);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}

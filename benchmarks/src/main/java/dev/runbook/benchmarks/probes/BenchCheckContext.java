package dev.runbook.benchmarks.probes;

import dev.runbook.core.CheckContext;
import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A minimal check context for benchmarks: the system clock, an in-memory state map and a fixed timeout. Not
 * thread-safe: one per benchmark thread. Calls do not block.
 */
public final class BenchCheckContext implements CheckContext {
    private final Map<String, String> state = new HashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public String checkId() {
        return "bench";
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ZoneId zone() {
        return clock.getZone();
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public boolean dryRun() {
        return false;
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
                state.put(key, value);
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

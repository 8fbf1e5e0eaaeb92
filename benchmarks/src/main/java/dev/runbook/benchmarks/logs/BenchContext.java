package dev.runbook.benchmarks.logs;

import dev.runbook.core.CheckContext;
import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A check context for benchmarks: a fixed clock and a state that forgets every write, so each invocation of a
 * log check is a "first run" over the whole file. Not thread-safe; one per benchmark state.
 */
public final class BenchContext implements CheckContext {
    private final Clock clock;

    /** A context at {@code now}. */
    public BenchContext(Instant now) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

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
        return ZoneOffset.UTC;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(30);
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
                return Optional.empty();
            }

            @Override
            public void put(String key, String value) {
                // forgotten: every run reads the whole file
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

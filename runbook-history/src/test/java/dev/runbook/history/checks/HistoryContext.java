package dev.runbook.history.checks;

import dev.runbook.core.CheckContext;
import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.OptionalDouble;

/** A check context over a history reader and a clock, for history-based check tests. */
final class HistoryContext implements CheckContext {
    private final HistoryReader history;
    private final Clock clock;

    HistoryContext(HistoryReader history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public String checkId() {
        return "under-test";
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ZoneId zone() {
        return ZoneId.of("UTC");
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
        throw new UnsupportedOperationException();
    }

    @Override
    public HistoryReader history() {
        return history;
    }

    @Override
    public OptionalDouble runMetric(String reference) {
        return OptionalDouble.empty();
    }
}

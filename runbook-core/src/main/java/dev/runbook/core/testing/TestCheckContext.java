package dev.runbook.core.testing;

import dev.runbook.core.CheckContext;
import dev.runbook.core.ManualClock;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A {@link CheckContext} for testing and benchmarking check types without an engine: a clock that moves only when
 * told, an in-memory state you can inspect ({@link #state}), metrics of "other checks" you set ({@link #runMetrics}),
 * and optionally a history. Shipped in main code so that authors of custom types test them the same way the
 * built-in ones are tested.
 *
 * <pre>{@code
 * TestCheckContext ctx = TestCheckContext.at("2026-11-28T09:00:00Z").timeout(Duration.ofSeconds(2));
 * CheckResult r = new DiskCheckType().create(params, TypeContext.defaults("disk")).run(ctx);
 * ctx.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * Not thread-safe: one per test.
 */
public final class TestCheckContext implements CheckContext {
    /** The check's state as stored: inspect it, or seed it before a run. */
    public final Map<String, String> state = new HashMap<>();
    /** Metrics of other checks of "this run", by {@code check.metric}. */
    public final Map<String, Double> runMetrics = new HashMap<>();
    private ManualClock manual;
    private Clock clock;
    private ZoneId zone = ZoneOffset.UTC;
    private Duration timeout = Duration.ofSeconds(10);
    private boolean dryRun;
    private boolean forgetWrites;
    private String checkId = "test";
    private String procedure;
    private HistoryReader history = HistoryReader.empty();

    /** A context whose clock stands still at the moment it was made. */
    public TestCheckContext() {
        this(Instant.now());
    }

    /** A context whose clock stands still at {@code now} (UTC). */
    public TestCheckContext(Instant now) {
        this.manual = new ManualClock(now, zone);
        this.clock = manual;
    }

    /** A context at an ISO-8601 instant such as {@code 2026-11-28T09:00:00Z}. */
    public static TestCheckContext at(String instant) {
        return new TestCheckContext(Instant.parse(instant));
    }

    /** Moves the clock to {@code now}. */
    public TestCheckContext now(Instant now) {
        manual = new ManualClock(now, zone);
        clock = manual;
        return this;
    }

    /** Moves the clock forward. */
    public TestCheckContext advance(Duration d) {
        if (manual == null) {
            throw new IllegalStateException("advance() needs the context's own clock, not one given with clock()");
        }
        manual.advance(d);
        return this;
    }

    /** Uses another clock instead, e.g. {@link Clock#systemUTC()} in a benchmark. */
    public TestCheckContext clock(Clock clock) {
        this.clock = clock;
        this.manual = null;
        return this;
    }

    public TestCheckContext zone(ZoneId z) {
        this.zone = z;
        if (manual != null) {
            manual = new ManualClock(manual.instant(), z);
            clock = manual;
        }
        return this;
    }

    public TestCheckContext timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /** In dry-run, state writes are dropped, as the engine does. */
    public TestCheckContext dryRun(boolean b) {
        this.dryRun = b;
        return this;
    }

    /** Drops every state write, so that each call is a first run (benchmarks of log checks). */
    public TestCheckContext forgetWrites() {
        this.forgetWrites = true;
        return this;
    }

    public TestCheckContext checkId(String id) {
        this.checkId = id;
        return this;
    }

    /** Runs as part of this procedure (null: outside any procedure). */
    public TestCheckContext procedure(String id) {
        this.procedure = id;
        return this;
    }

    @Override
    public String procedure() {
        return procedure;
    }

    public TestCheckContext history(HistoryReader reader) {
        this.history = reader;
        return this;
    }

    @Override
    public String checkId() {
        return checkId;
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
                if (dryRun || forgetWrites) {
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
        return history;
    }

    @Override
    public OptionalDouble runMetric(String reference) {
        Double v = runMetrics.get(reference);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}

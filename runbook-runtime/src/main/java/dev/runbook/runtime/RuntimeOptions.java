package dev.runbook.runtime;

import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Runbook;
import dev.runbook.runtime.schedule.ScheduleEvent;
import dev.runbook.runtime.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link RunbookRuntime}: every setting has a default, so {@code RunbookRuntime.builder(loaded).build()}
 * is enough. Each setter checks its argument and names it. Not thread-safe; use it on one thread, then build.
 */
public final class RuntimeOptions {
    final Runbook runbook;
    Map<String, String> env = System.getenv();
    Clock clock;
    Duration retention;
    String host;
    Duration leaseTtl = dev.runbook.store.Leases.DEFAULT_TTL;
    boolean incidents = true;
    Consumer<String> warnings = w -> { };
    Consumer<Engine.Builder> engine;
    String runbookFile;
    Duration outboxBudget = RunbookRuntime.DEFAULT_OUTBOX_BUDGET;
    Duration outboxStuckAfter = RunbookRuntime.DEFAULT_OUTBOX_STUCK_AFTER;
    Duration stopBound = RunbookRuntime.DEFAULT_STOP_BOUND;
    Duration tick = Scheduler.DEFAULT_TICK;
    Duration lateAfter = Duration.ofMinutes(1);
    Consumer<ScheduleEvent> events = e -> { };
    Scheduler.Waiter waiter;
    String operator;
    boolean runAtStart;

    RuntimeOptions(Runbook runbook) {
        this.runbook = runbook;
    }

    /** The environment that locates the default store ({@code XDG_STATE_HOME}); default: the process's. */
    public RuntimeOptions env(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        return this;
    }

    /** The clock for the engine, the store and the scheduler (default: the system clock in the runbook's zone). */
    public RuntimeOptions clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** How long detailed results are kept (default 400 days, or the runbook's {@code store: {retention}}). */
    /**
     * The host this process records its runs and notes as (runbook-format §10 {@code --host}); overrides the
     * runbook's {@code host:}; the machine's host name when neither is given. Null: no override.
     */
    public RuntimeOptions host(String host) {
        this.host = host == null ? null : dev.runbook.store.Hosts.check(host);
        return this;
    }

    /** The fleet lease's time-to-live on a PostgreSQL store (runbook-format §10; default 30 s). */
    public RuntimeOptions leaseTtl(Duration ttl) {
        this.leaseTtl = positive("leaseTtl", ttl);
        return this;
    }

    public RuntimeOptions retention(Duration retention) {
        this.retention = positive("retention", retention);
        return this;
    }

    /**
     * False to keep incidents in memory and send no notifications (dry runs, read-only verbs); default true:
     * the store-backed incidents with their outbox.
     */
    public RuntimeOptions incidents(boolean incidents) {
        this.incidents = incidents;
        return this;
    }

    /** Who hears of a degraded start (the store or the incidents could not be opened); default: nobody. */
    public RuntimeOptions warnings(Consumer<String> warnings) {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        return this;
    }

    /**
     * How the runbook's file is named in the commands the status page shows ({@code runbook confirm FILE RUN});
     * default: {@code RUNBOOK-ID.yaml}.
     */
    public RuntimeOptions runbookFile(String file) {
        this.runbookFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** A last word on the engine (listeners, a sleeper) before it is built. */
    public RuntimeOptions engine(Consumer<Engine.Builder> customizer) {
        this.engine = Objects.requireNonNull(customizer, "engine");
        return this;
    }

    /** How long one pass of the escalation ticker may retry the outbox (default 10 s). */
    public RuntimeOptions outboxBudget(Duration budget) {
        this.outboxBudget = positive("outboxBudget", budget);
        return this;
    }

    /** A notification pending longer than this makes {@code /health} degraded (default 15 minutes). */
    public RuntimeOptions outboxStuckAfter(Duration after) {
        this.outboxStuckAfter = positive("outboxStuckAfter", after);
        return this;
    }

    /** How long a run in progress may go on after {@code close()} (default 10 s). */
    public RuntimeOptions stopBound(Duration bound) {
        this.stopBound = positive("stopBound", bound);
        return this;
    }

    /** The tick: how often due escalations are looked at when nothing else happens, scheduled or not (default 30 s). */
    public RuntimeOptions tick(Duration tick) {
        this.tick = positive("tick", tick);
        return this;
    }

    /** A fire time passed by more than this without firing makes {@code /health} degraded (default 1 minute). */
    public RuntimeOptions lateAfter(Duration after) {
        this.lateAfter = positive("lateAfter", after);
        return this;
    }

    /** Who hears of the scheduler's firings, finishes, skips and failures. */
    public RuntimeOptions events(Consumer<ScheduleEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
        return this;
    }

    /** How the scheduler loop waits (tests drive it with a manual clock); default: the clock. */
    public RuntimeOptions waiter(Scheduler.Waiter waiter) {
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        return this;
    }

    /** The operator recorded with scheduled runs, or null. */
    public RuntimeOptions operator(String operator) {
        this.operator = operator;
        return this;
    }

    /** Runs every procedure once when the scheduler starts, then follows the schedules. */
    public RuntimeOptions runAtStart(boolean runAtStart) {
        this.runAtStart = runAtStart;
        return this;
    }

    /** Opens the store, the incidents and the engine; blocks on I/O. Close what it returns. */
    public RunbookRuntime build() {
        return new RunbookRuntime(this);
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}

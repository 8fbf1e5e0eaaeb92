package dev.runbook.core.engine;

import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.invoke.Invoker;
import dev.runbook.core.model.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs runbooks: check steps concurrently, each within its timeout; then their remediations; procedures step by
 * step; results recorded to the store.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().store(store).build()) {
 *     RunResult result = engine.run(runbook, RunRequest.procedure("morning-check"));
 *     System.exit(result.exitCode());
 * }
 * }</pre>
 *
 * <p>All user code — probes, rechecks, actions and listener calls — goes through one timed invocation
 * ({@link Invoker}): the deadline is armed when the work is submitted, the worker is interrupted at the deadline
 * and the result is UNKNOWN "timed out after …" (an action: {@code timed_out}). A probe that ignores the interrupt
 * is abandoned and tracked: its check is not started again while it lives, and the pool grows a fresh worker for
 * each abandoned one, up to {@link Builder#abandonedBound(int)}; past that bound a check that finds no free worker
 * is UNKNOWN "no worker free" at once. So {@link #run} always returns within the deadlines of what it runs.
 *
 * <p>Listeners are called on one ordered event thread, never on a worker, a timer or under a lock;
 * {@code checkFinished} comes before {@code runFinished}, a listener that throws is logged and skipped, and no
 * listener hears of a run after {@link #run} has returned.
 *
 * <p>{@link #close()} completes everything pending as UNKNOWN "engine closed", cuts waits short and returns
 * promptly; runs in flight return. Thread-safe: several runs may go on at once. {@link #run} blocks until the run
 * is complete. Closing stops the threads the engine created (never a caller's executor).
 */
public final class Engine implements AutoCloseable {
    /** Default bound on checks running at once. */
    public static final int DEFAULT_CONCURRENCY = Invoker.DEFAULT_CONCURRENCY;
    /** Default bound on abandoned workers the engine replaces by fresh ones. */
    public static final int DEFAULT_ABANDONED_BOUND = Invoker.DEFAULT_ABANDONED_BOUND;
    /** Default bound on one listener call. */
    public static final Duration DEFAULT_LISTENER_TIMEOUT = Duration.ofSeconds(5);

    private final Kernel kernel;
    private final Invoker invoker;
    private final EventLane events;
    private final CountDownLatch closing = new CountDownLatch(1);

    private Engine(Builder b) {
        Clock clock = b.clock;
        RunStore store = b.store != null ? b.store : new InMemoryRunStore();
        this.invoker = b.invoker.build();
        IncidentService fixedIncidents = b.incidentService;
        Function<Runbook, IncidentService> incidents = b.incidents != null ? b.incidents
                : fixedIncidents != null ? rb -> fixedIncidents : new Function<>() {
                    private final ConcurrentHashMap<String, IncidentService> perRunbook = new ConcurrentHashMap<>();

                    @Override
                    public IncidentService apply(Runbook rb) {
                        return perRunbook.computeIfAbsent(rb.id(), k -> new InMemoryIncidents(rb.escalation(), clock));
                    }
                };
        NotificationService fixedNotifications = b.notificationService;
        Function<Runbook, NotificationService> notifications = b.notifications != null ? b.notifications
                : rb -> fixedNotifications != null ? fixedNotifications : NotificationService.loggingOnly();
        this.events = new EventLane(b.listeners, b.listenerTimeout);
        Sleeper sleeper = b.sleeper != null ? b.sleeper : d -> closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
        this.kernel = new Kernel(clock, invoker, store, incidents, notifications, b.reports, events, sleeper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs what the request asks. Blocks until done.
     *
     * @throws IllegalArgumentException for an unknown procedure or check id
     */
    public RunResult run(Runbook runbook, RunRequest request) {
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(request, "request");
        return Execution.run(kernel, runbook, request);
    }

    /** The store runs are recorded to. */
    public RunStore store() {
        return kernel.store();
    }

    /** The incident service used for a runbook. */
    public IncidentService incidents(Runbook runbook) {
        return kernel.incidents().apply(runbook);
    }

    /** The clock the engine reads time from. */
    public Clock clock() {
        return kernel.clock();
    }

    /**
     * The engine's timed invocation, for code that runs user code on the engine's behalf (notifier sends) and
     * should share its bounds.
     */
    public Invoker invoker() {
        return invoker;
    }

    /**
     * Completes everything pending as UNKNOWN "engine closed", cuts waits short, drops undelivered events and
     * stops the engine's threads. Returns promptly; runs in flight return. Idempotent.
     */
    @Override
    public void close() {
        closing.countDown();
        invoker.close();
        events.close();
    }

    /**
     * Sleeps for wait steps; tests inject one that advances a fake clock. The default sleeps on the real clock and
     * wakes early when the engine is closed.
     */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Builds an {@link Engine}. */
    public static final class Builder {
        private Clock clock = Clock.systemDefaultZone();
        /** The pool settings, validated where the pool is made: one place checks them. */
        private final Invoker.Builder invoker = Invoker.builder().name("runbook-check");
        private RunStore store;
        private IncidentService incidentService;
        private Function<Runbook, IncidentService> incidents;
        private NotificationService notificationService;
        private Function<Runbook, NotificationService> notifications;
        private ReportRenderer reports;
        private final List<RunListener> listeners = new ArrayList<>();
        private Sleeper sleeper;
        private Duration listenerTimeout = DEFAULT_LISTENER_TIMEOUT;

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Runs user code on the caller's executor (not shut down by {@link Engine#close()}). The engine still
         * interrupts at deadlines and tracks abandoned work, but cannot add workers to the caller's executor:
         * once abandoned work reaches the bound, new work is UNKNOWN "no worker free".
         */
        public Builder executor(Executor executor) {
            invoker.executor(executor);
            return this;
        }

        /** Bound on user code running at once in the engine's own pool (default 64), not counting abandoned work. */
        public Builder concurrency(int n) {
            invoker.concurrency(n);
            return this;
        }

        /** Bound on abandoned (hung) workers replaced by fresh ones (default 16); past it, "no worker free". */
        public Builder abandonedBound(int n) {
            invoker.abandonedBound(n);
            return this;
        }

        /** Bound on one listener call (default 5s); a listener past it is interrupted and skipped. */
        public Builder listenerTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "listenerTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("listenerTimeout must be positive, found " + timeout);
            }
            this.listenerTimeout = timeout;
            return this;
        }

        public Builder store(RunStore store) {
            this.store = store;
            return this;
        }

        public Builder incidents(IncidentService service) {
            this.incidentService = service;
            return this;
        }

        /** An incident service per runbook (its escalation policy differs). */
        public Builder incidents(Function<Runbook, IncidentService> factory) {
            this.incidents = factory;
            return this;
        }

        public Builder notifications(NotificationService service) {
            this.notificationService = service;
            return this;
        }

        public Builder notifications(Function<Runbook, NotificationService> factory) {
            this.notifications = factory;
            return this;
        }

        public Builder reports(ReportRenderer renderer) {
            this.reports = renderer;
            return this;
        }

        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }
}

package dev.runbook.core.engine;

import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.history.InMemoryRunStore;
import dev.runbook.core.history.RunStore;
import dev.runbook.core.model.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs runbooks: check steps concurrently on a bounded pool, each within its timeout; then their remediations;
 * procedures step by step; results recorded to the store.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().store(store).build()) {
 *     RunResult result = engine.run(runbook, RunRequest.procedure("morning-check"));
 *     System.exit(result.exitCode());
 * }
 * }</pre>
 *
 * <p>A check that throws becomes UNKNOWN with the cause; one that runs past its timeout becomes UNKNOWN, its
 * thread is interrupted and abandoned, and that check is not started again while the abandoned run is still
 * alive, so hung probes cannot exhaust the pool. Thread-safe: several runs may go on at once. {@link #run}
 * blocks until the run is complete. Close it to stop the threads it created (never a caller's executor).
 */
public final class Engine implements AutoCloseable {
    /** Default bound on checks running at once. */
    public static final int DEFAULT_CONCURRENCY = 64;

    final Clock clock;
    final Executor executor;
    final ScheduledThreadPoolExecutor timer;
    final RunStore store;
    final Function<Runbook, IncidentService> incidents;
    final Function<Runbook, NotificationService> notifications;
    final ReportRenderer reports;
    final List<RunListener> listeners;
    final Sleeper sleeper;
    /** Checks whose abandoned (timed-out) run is still alive, by runbook and check id. */
    final ConcurrentHashMap<String, Thread> hung = new ConcurrentHashMap<>();
    private final ExecutorService ownExecutor;

    private Engine(Builder b) {
        this.clock = b.clock;
        this.store = b.store != null ? b.store : new InMemoryRunStore();
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(b.concurrency, b.concurrency, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads("runbook-check-"));
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownExecutor = pool;
        }
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("runbook-timeouts-"));
        this.timer.setRemoveOnCancelPolicy(true);
        IncidentService fixedIncidents = b.incidentService;
        this.incidents = b.incidents != null ? b.incidents
                : fixedIncidents != null ? rb -> fixedIncidents : new Function<>() {
                    private final ConcurrentHashMap<String, IncidentService> perRunbook = new ConcurrentHashMap<>();

                    @Override
                    public IncidentService apply(Runbook rb) {
                        return perRunbook.computeIfAbsent(rb.id(), k -> new InMemoryIncidents(rb.escalation(), clock));
                    }
                };
        NotificationService fixedNotifications = b.notificationService;
        this.notifications = b.notifications != null ? b.notifications
                : rb -> fixedNotifications != null ? fixedNotifications : NotificationService.loggingOnly();
        this.reports = b.reports;
        this.listeners = List.copyOf(b.listeners);
        this.sleeper = b.sleeper;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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
        return new Execution(this, runbook, request).run();
    }

    /** The store runs are recorded to. */
    public RunStore store() {
        return store;
    }

    /** The incident service used for a runbook. */
    public IncidentService incidents(Runbook runbook) {
        return incidents.apply(runbook);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /** Sleeps for wait steps; tests inject one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Builds an {@link Engine}. */
    public static final class Builder {
        private Clock clock = Clock.systemDefaultZone();
        private Executor executor;
        private int concurrency = DEFAULT_CONCURRENCY;
        private RunStore store;
        private IncidentService incidentService;
        private Function<Runbook, IncidentService> incidents;
        private NotificationService notificationService;
        private Function<Runbook, NotificationService> notifications;
        private ReportRenderer reports;
        private final List<RunListener> listeners = new ArrayList<>();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Runs checks on the caller's executor (not shut down by {@link Engine#close()}). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Bound on checks running at once in the engine's own pool (default 64). */
        public Builder concurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, found " + n);
            }
            this.concurrency = n;
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

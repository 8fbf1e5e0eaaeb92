package dev.runbook.runtime.schedule;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a runbook's schedules (runbook-format §6, §7, §8): each procedure's and report's next fire time comes from
 * {@link Schedule#nextOf} in the runbook's zone; when it is due the procedure runs through the {@link Engine} (which
 * records it to the store) or the report goes to the {@link ReportHook}. Every tick (30 s by default) and after
 * each run, {@link IncidentService#processDue} fires due escalations, updates and undelivered notifications.
 *
 * <p>One run at a time per procedure: if a run is still going when the next fire time comes, that firing is
 * skipped and logged once — runs never pile up. Fire times missed while the process was down (or stalled) are
 * not replayed: after a firing the next one is the first strictly after <em>now</em>.
 *
 * <p>Time comes from the injected {@link Clock}; waiting goes through the injected {@link Waiter}, so tests drive
 * it with a {@code ManualClock} and never sleep. {@link #run()} is the loop (one thread); runs go to the executor.
 * Thread-safe for the readers the HTTP endpoints use.
 */
public final class Scheduler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** The host a fleet's {@code scope: fleet} results are recorded under (runbook-format §10). */
    public static final String FLEET_HOST = "fleet";
    /** How often due escalations are processed when nothing else happens. */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(30);

    /** Waits until an instant of the scheduler's clock, or less (spurious or early returns are fine). */
    @FunctionalInterface
    public interface Waiter {
        void waitUntil(Instant deadline) throws InterruptedException;
    }

    /** What a job fires. */
    public enum Kind { PROCEDURE, REPORT }

    /** A procedure or a report with schedules, and what the daemon knows of it. Readable from any thread. */
    public static final class Job {
        private final Kind kind;
        private final String id;
        private final String title;
        private final List<Schedule> schedules;
        private volatile ZonedDateTime next;
        private volatile RunResult lastRun;
        private volatile Instant lastAt;
        private volatile String lastMessage;
        private final AtomicBoolean running = new AtomicBoolean();
        private boolean skipLogged;
        private final AtomicInteger fired = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final AtomicInteger elsewhere = new AtomicInteger();
        private volatile boolean atStart;

        Job(Kind kind, String id, String title, List<Schedule> schedules) {
            this.kind = kind;
            this.id = id;
            this.title = title;
            this.schedules = List.copyOf(schedules);
        }

        public Kind kind() {
            return kind;
        }

        public String id() {
            return id;
        }

        /** The title, or the id when it has none. */
        public String title() {
            return title;
        }

        public List<Schedule> schedules() {
            return schedules;
        }

        /** The next fire time, or null if it never fires again. */
        public ZonedDateTime next() {
            return next;
        }

        /** The last finished procedure run, or null (none yet, or a report). */
        public RunResult lastRun() {
            return lastRun;
        }

        /** When the last firing finished, or null. */
        public Instant lastAt() {
            return lastAt;
        }

        /** What the last firing said (status and duration, the report hook's answer, or the error), or null. */
        public String lastMessage() {
            return lastMessage;
        }

        public boolean running() {
            return running.get();
        }

        /** Firings started. */
        public int fired() {
            return fired.get();
        }

        /** Firings skipped because the previous run was still going. */
        public int skipped() {
            return skipped.get();
        }

        /** Firings of a {@code run_on: one} procedure that another host of the fleet ran (§10). */
        public int ranElsewhere() {
            return elsewhere.get();
        }
    }

    private final Runbook runbook;
    private final Engine engine;
    private final IncidentService incidents;
    private final Clock clock;
    private final Waiter waiter;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final ReportHook reports;
    private final FleetGate fleet;
    private final FleetScope scope;
    private final Duration tick;
    private final Consumer<ScheduleEvent> events;
    private final String operator;
    private final boolean runAtStart;
    private final List<Job> jobs;
    private final Map<String, CheckRun> latest = new ConcurrentHashMap<>();
    private final Object monitor = new Object();
    private final Object dueLock = new Object();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Thread loop;
    private volatile Instant startedAt;

    private Scheduler(Builder b) {
        this.runbook = Objects.requireNonNull(b.runbook, "runbook");
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.clock = b.clock != null ? b.clock : Clock.system(runbook.zone());
        this.incidents = b.incidents != null ? b.incidents : engine.incidents(runbook);
        this.waiter = b.waiter != null ? b.waiter : this::waitOnClock;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownExecutor = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.ownExecutor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runbook-scheduled-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        }
        this.reports = b.reports != null ? b.reports : ReportHook.NONE;
        this.fleet = b.fleet != null ? b.fleet : FleetGate.EVERY_HOST;
        this.scope = new FleetScope(runbook);
        this.tick = b.tick;
        this.events = b.events;
        this.operator = b.operator;
        this.runAtStart = b.runAtStart;
        List<Job> js = new ArrayList<>();
        for (Procedure p : runbook.procedures().values()) {
            // only a procedure with a schedule is the daemon's to run, with or without --run-now (contract §9 [1.1]):
            // an unscheduled one (a maintenance, an incident response) waits for an operator
            if (!p.schedules().isEmpty()) {
                js.add(new Job(Kind.PROCEDURE, p.id(), p.title() != null ? p.title() : p.id(), p.schedules()));
            }
        }
        for (ReportDefinition r : runbook.reports().values()) {
            if (!r.schedules().isEmpty()) {
                js.add(new Job(Kind.REPORT, r.id(), r.title() != null ? r.title() : r.id(), r.schedules()));
            }
        }
        this.jobs = Collections.unmodifiableList(js);
        Instant now = clock.instant();
        for (Job j : jobs) {
            j.atStart = runAtStart && j.kind == Kind.PROCEDURE;
            j.next = j.atStart ? now.atZone(runbook.zone()) : nextAfter(j, now);
        }
    }

    public static Builder builder(Runbook runbook, Engine engine) {
        return new Builder(runbook, engine);
    }

    /** The loop: fires due jobs, processes due escalations every tick, waits; returns once {@link #stop()}ped. */
    @Override
    public void run() {
        loop = Thread.currentThread();
        startedAt = clock.instant();
        Instant nextTick = startedAt;
        try {
            while (!stopping) {
                Instant now = clock.instant();
                fireDue(now);
                if (!now.isBefore(nextTick)) {
                    processDue(now);
                    nextTick = now.plus(tick);
                }
                Instant wake = nextTick;
                for (Job j : jobs) {
                    ZonedDateTime n = j.next;
                    if (n != null && n.toInstant().isBefore(wake)) {
                        wake = n.toInstant();
                    }
                }
                if (stopping) {
                    break;
                }
                waiter.waitUntil(wake);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop = null;
        }
    }

    /**
     * Fires every job whose time has come; a job still running is skipped (told once per overrun). The loop calls
     * it; an embedder that drives the scheduler on its own thread may too. Returns once the runs are handed over.
     */
    public void fireDue(Instant now) {
        for (Job j : jobs) {
            ZonedDateTime due = j.next;
            if (due == null || due.toInstant().isAfter(now) || stopping) {
                continue;
            }
            boolean atStart = j.atStart;
            j.atStart = false;
            j.next = nextAfter(j, now);
            if (!j.running.compareAndSet(false, true)) {
                j.skipped.incrementAndGet();
                if (!j.skipLogged) {
                    j.skipLogged = true;
                    emit(new ScheduleEvent.Skipped(j, due));
                }
                continue;
            }
            j.skipLogged = false;
            j.fired.incrementAndGet();
            active.incrementAndGet();
            try {
                executor.execute(() -> execute(j, due, atStart));
            } catch (RuntimeException e) {
                j.running.set(false);
                active.decrementAndGet();
                emit(new ScheduleEvent.Failed(j, e));
            }
        }
    }

    private void execute(Job j, ZonedDateTime due, boolean atStart) {
        try {
            Procedure p = j.kind == Kind.PROCEDURE ? runbook.procedures().get(j.id) : null;
            if (p != null && p.runOn() == Procedure.RunOn.ONE && !fleet.mayRun(p, due, atStart)) {
                // run_on: one — another host of the fleet holds this procedure's lease or claimed this fire time
                j.elsewhere.incrementAndGet();
                j.lastMessage = "run by another host of the fleet (run_on: one)";
            } else if (j.kind == Kind.PROCEDURE && fleet != FleetGate.EVERY_HOST && scope.any()) {
                runOnFleet(j, p, due, atStart);
            } else if (j.kind == Kind.PROCEDURE) {
                RunResult r = engine.run(runbook, RunRequest.builder().procedure(j.id).operator(operator)
                        .trigger(dev.runbook.core.engine.RunTrail.SCHEDULE).build());
                for (CheckRun c : r.results()) {
                    latest.put(c.check(), c);
                }
                j.lastRun = r;
                j.lastMessage = r.status() + " in " + r.duration().toMillis() + " ms";
                emit(new ScheduleEvent.Finished(j, r));
            } else {
                String said = reports.fire(runbook, runbook.reports().get(j.id), due);
                j.lastMessage = said;
                emit(new ScheduleEvent.ReportDone(j, said));
            }
        } catch (Throwable t) {
            j.lastMessage = "failed: " + t;
            emit(new ScheduleEvent.Failed(j, t));
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            j.lastAt = clock.instant();
            j.running.set(false);
            if (!stopping) {
                processDue(clock.instant());
            }
            active.decrementAndGet();
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /**
     * A firing on a fleet with {@code scope: fleet} checks (runbook-format §10): the procedure without them, as
     * this host's run; then, if this daemon evaluates them for this firing, those checks once for the fleet,
     * recorded under the host {@code fleet}.
     */
    private void runOnFleet(Job j, Procedure p, ZonedDateTime due, boolean atStart) {
        RunResult r = null;
        if (scope.hostRunbook().procedures().containsKey(j.id)) {
            r = engine.run(scope.hostRunbook(), RunRequest.builder().procedure(j.id).operator(operator)
                    .trigger(dev.runbook.core.engine.RunTrail.SCHEDULE).build());
        }
        List<String> fleetChecks = scope.fleetChecks(p);
        RunResult f = null;
        if (!fleetChecks.isEmpty() && fleet.evaluatesFleetChecks(p, due, atStart)) {
            f = engine.run(runbook, RunRequest.builder().checks(fleetChecks).operator(operator).host(FLEET_HOST)
                    .trigger(dev.runbook.core.engine.RunTrail.SCHEDULE).build());
        }
        for (RunResult each : new RunResult[] {r, f}) {
            if (each != null) {
                for (CheckRun c : each.results()) {
                    latest.put(c.check(), c);
                }
                j.lastRun = each;
            }
        }
        RunResult shown = r != null ? r : f;
        if (shown == null) {
            j.elsewhere.incrementAndGet();
            j.lastMessage = "its scope: fleet checks were evaluated by another host of the fleet";
            return;
        }
        j.lastRun = shown;
        j.lastMessage = shown.status() + " in " + shown.duration().toMillis() + " ms"
                + (f != null && r != null ? "; scope: fleet checks " + f.status() : "");
        emit(new ScheduleEvent.Finished(j, shown));
    }

    private void processDue(Instant now) {
        synchronized (dueLock) {
            try {
                incidents.processDue(now);
            } catch (RuntimeException e) {
                LOG.warn("processing due escalations failed: {}", e.toString());
            }
        }
    }

    private ZonedDateTime nextAfter(Job j, Instant now) {
        return Schedule.nextOf(j.schedules, now.atZone(runbook.zone()), runbook.zone()).orElse(null);
    }

    /** A time as the daemon shows it: ISO-8601 with offset, whole seconds always shown. */
    public static String format(ZonedDateTime t) {
        return t.withNano(0).format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private void emit(ScheduleEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("a schedule listener failed on '{}': {}", e.message(), ex.toString());
        }
    }

    /**
     * The jobs whose fire time passed more than {@code grace} ago without the loop firing them (a stalled loop),
     * as sentences for {@code /health}; empty when every schedule is on time.
     */
    public List<String> late(Instant now, Duration grace) {
        List<String> out = new ArrayList<>();
        for (Job j : jobs) {
            ZonedDateTime n = j.next;
            if (n != null && n.toInstant().plus(grace).isBefore(now)) {
                out.add((j.kind == Kind.PROCEDURE ? "procedure " : "report ") + j.id + " is late: due at " + format(n)
                        + ", not started " + Duration.between(n.toInstant(), now).toSeconds() + " s later");
            }
        }
        return out;
    }

    /** The default waiter: the system clock, woken early by {@link #stop()}. */
    private void waitOnClock(Instant deadline) throws InterruptedException {
        synchronized (monitor) {
            while (!stopping) {
                long ms = Duration.between(clock.instant(), deadline).toMillis();
                if (ms <= 0) {
                    return;
                }
                monitor.wait(Math.min(ms, 60_000));
            }
        }
    }

    /** Asks the loop to end; runs in progress go on. */
    public void stop() {
        stopping = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * Stops, then waits up to {@code bound} for runs in progress to finish; past it, interrupts them.
     *
     * @return true if every run finished within the bound
     */
    public boolean shutdown(Duration bound) throws InterruptedException {
        stop();
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (monitor) {
            while (active.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                monitor.wait(left);
            }
        }
        boolean finished = active.get() == 0;
        if (ownExecutor != null) {
            if (finished) {
                ownExecutor.shutdown();
            } else {
                ownExecutor.shutdownNow();
                ownExecutor.awaitTermination(2, TimeUnit.SECONDS);
            }
        }
        return finished;
    }

    /** True while the loop runs. */
    public boolean alive() {
        Thread t = loop;
        return t != null && t.isAlive() && !stopping;
    }

    /** When the loop started, or null. */
    public Instant startedAt() {
        return startedAt;
    }

    public Runbook runbook() {
        return runbook;
    }

    public Clock clock() {
        return clock;
    }

    /** The scheduled procedures, then reports. */
    public List<Job> jobs() {
        return jobs;
    }

    /** The latest result of each check run by this daemon, by check id. */
    public Map<String, CheckRun> latest() {
        Map<String, CheckRun> out = new LinkedHashMap<>();
        for (String id : runbook.checks().keySet()) {
            CheckRun c = latest.get(id);
            if (c != null) {
                out.put(id, c);
            }
        }
        return out;
    }

    /** Builds a {@link Scheduler}; only the runbook and engine are required. */
    public static final class Builder {
        private final Runbook runbook;
        private final Engine engine;
        private Clock clock;
        private Waiter waiter;
        private Executor executor;
        private IncidentService incidents;
        private ReportHook reports;
        private FleetGate fleet;
        private Duration tick = DEFAULT_TICK;
        private Consumer<ScheduleEvent> events = e -> { };
        private String operator;
        private boolean runAtStart;

        Builder(Runbook runbook, Engine engine) {
            this.runbook = runbook;
            this.engine = engine;
        }

        /** The clock (default: the system clock in the runbook's zone). Give the engine's. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How the loop waits (default: the clock, with {@code Object.wait}). */
        public Builder waiter(Waiter waiter) {
            this.waiter = waiter;
            return this;
        }

        /** Where runs execute (default: a pool of daemon threads, one per running job at most). */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The incidents whose due work each tick processes (default: the engine's for the runbook). */
        public Builder incidents(IncidentService incidents) {
            this.incidents = incidents;
            return this;
        }

        /**
         * Who runs the firings of {@code run_on: one} procedures (default {@link FleetGate#EVERY_HOST}: this
         * daemon, as on one host).
         */
        public Builder fleet(FleetGate fleet) {
            this.fleet = fleet;
            return this;
        }

        /** What a due report schedule does (default {@link ReportHook#NONE}). */
        public Builder reports(ReportHook reports) {
            this.reports = reports;
            return this;
        }

        /** The interval between escalation ticks (default 30 s). */
        public Builder tick(Duration tick) {
            if (tick.isNegative() || tick.isZero()) {
                throw new IllegalArgumentException("tick must be positive");
            }
            this.tick = tick;
            return this;
        }

        /**
         * Who hears of firings, finishes, skips and failures (default: nobody). Called on the scheduler's threads;
         * keep it quick. A listener that throws is logged and skipped.
         */
        public Builder events(Consumer<ScheduleEvent> events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** The operator recorded with scheduled runs, or null. */
        public Builder operator(String operator) {
            this.operator = operator;
            return this;
        }

        /** Runs each scheduled procedure once at start, then follows the schedules ({@code --run-now}). */
        public Builder runAtStart(boolean runAtStart) {
            this.runAtStart = runAtStart;
            return this;
        }

        public Scheduler build() {
            return new Scheduler(this);
        }
    }
}

package dev.runbook.runtime;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.engine.InMemoryRunStore;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import dev.runbook.core.model.Runbook;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.store.PostgresDialect;
import dev.runbook.store.Store;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.runtime.http.DaemonHttp;
import dev.runbook.runtime.http.PausedRun;
import dev.runbook.runtime.schedule.ReportHook;
import dev.runbook.runtime.schedule.Scheduler;
import dev.runbook.yaml.LoadResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A runbook with everything it needs to run unattended, as one object: the SQLite store at the runbook's
 * {@code store:} path (runbook-format §3), the store-backed incidents with their notification outbox, the engine
 * wired to both (and to reports over the same open store), the {@link EscalationTicker} that fires escalations
 * and retries the outbox off the check path, and, once {@link #schedule()}d, the {@link Scheduler} loop. If the
 * store cannot be opened, runs go on with an in-memory store and a warning (§9).
 *
 * <pre>{@code
 * try (RunbookRuntime rt = RunbookRuntime.builder(RunbookLoader.load(path)).build()) {
 *     rt.schedule();                       // the daemon loop, on its own thread
 *     rt.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9100));
 *     ...
 * }                                        // stops the loop, lets a run finish, closes the store
 * }</pre>
 *
 * <p>Thread-safe: {@link #run} may be called from several threads, and while the scheduler runs. Calls block
 * on the checks and the store; {@link #close()} blocks up to the shutdown bound.
 */
public final class RunbookRuntime implements AutoCloseable {
    /** The default retention of detailed results. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    /** How long one pass of the escalation ticker may retry the outbox. */
    public static final Duration DEFAULT_OUTBOX_BUDGET = Duration.ofSeconds(10);
    /** A notification pending longer than this makes {@code /health} report a stuck outbox. */
    public static final Duration DEFAULT_OUTBOX_STUCK_AFTER = Duration.ofMinutes(15);
    /** How long a run in progress may go on after {@link #close()}. */
    public static final Duration DEFAULT_STOP_BOUND = Duration.ofSeconds(10);

    private final Runbook runbook;
    private final Clock clock;
    private final Path storePath;
    private final RunStore store;
    private final boolean recorded;
    private final IncidentService incidents;
    private final NotificationService notifications;
    private final StoreIncidentService storeIncidents;
    private final Store database;
    private final String storeProblem;
    private final ReportSource reportSource;
    private final EscalationTicker ticker;
    private final FleetLease fleetLease;
    private final FleetClaims fleetClaims;
    private final Engine engine;
    private final RuntimeOptions options;
    private final Object lifecycle = new Object();
    private Scheduler scheduler;
    private Thread loop;
    private final List<DaemonHttp> servers = new ArrayList<>();
    private boolean closed;

    RunbookRuntime(RuntimeOptions o) {
        this.options = o;
        this.runbook = o.runbook;
        this.clock = o.clock != null ? o.clock : Clock.system(runbook.zone());
        this.storePath = storePath(runbook, o.env);
        RunStore st;
        Store db = null;
        String problem = null;
        boolean rec = true;
        try {
            SqliteNative.prepare(o.env);
            // one Store: results, incidents, the outbox and notes share this process's one connection to the file
            db = Store.open(storePath, o.retention != null ? o.retention : DEFAULT_RETENTION, clock);
            String host = o.host != null ? o.host : runbook.host();
            if (host != null) {
                db.host(host);
            }
            st = db.runs();
        } catch (RuntimeException | LinkageError e) {
            problem = describe(e);
            if (Store.isServer(storePath)) {
                // §10: a PostgreSQL store that cannot be reached is written later, from the local spool
                o.warnings.accept("the store " + storePath + " is unreachable (" + describe(e) + "); results are"
                        + " spooled to " + ResultSpool.of(runbook.id(), o.env).directory() + " and written when it is back");
            } else {
                o.warnings.accept("cannot open the store " + storePath + ": " + describe(e) + "; results will not be "
                        + "recorded (check the directory's permissions, or set store: in the runbook)");
            }
            st = new InMemoryRunStore();
            rec = false;
        }
        if (Store.isServer(storePath)) {
            String host = db != null ? db.host()
                    : dev.runbook.store.Hosts.check(o.host != null ? o.host : runbook.host() != null ? runbook.host()
                    : dev.runbook.store.Hosts.local());
            SpooledRunStore spooled = new SpooledRunStore(db == null ? null : db.runs(), ResultSpool.of(runbook.id(),
                    o.env), storePath.toString(), host, db == null ? w -> { } : o.warnings);
            // what an earlier run could not write goes first, in order
            spooled.replayQuietly();
            st = spooled;
        }
        this.store = st;
        this.database = db;
        this.storeProblem = problem;
        this.recorded = rec;
        StoreIncidentService sis = null;
        IncidentService inc = new InMemoryIncidents(runbook.escalation(), clock);
        NotificationService nots = NotificationService.loggingOnly();
        if (o.incidents && db == null) {
            o.warnings.accept("incidents and notifications are not available (the store could not be opened); "
                    + "incidents are kept in memory for this run only");
        } else if (o.incidents) {
            try {
                sis = StoreIncidentService.open(db, runbook, clock);
                inc = sis;
                nots = sis.notifications();
            } catch (RuntimeException | LinkageError e) {
                o.warnings.accept("incidents and notifications are not available (" + describe(e)
                        + "); incidents are kept in memory for this run only");
            }
        }
        this.storeIncidents = sis;
        this.incidents = inc;
        this.notifications = nots;
        this.reportSource = db != null && sis != null ? StoreReports.of(db, sis) : null;
        this.ticker = new EscalationTicker(incidents, storeIncidents, clock, o.outboxBudget, o.outboxStuckAfter,
                o.tick);
        // on a shared PostgreSQL store only the holder of the fleet lease escalates and delivers (§10)
        Duration ttl = db != null && Store.isServer(storePath) ? leaseTtl(o) : null;
        this.fleetLease = ttl != null ? new FleetLease(db.leases(clock), db.host(), ttl) : null;
        if (fleetLease != null) {
            ticker.fleetWork(fleetLease::holds);
        }
        // ... and run_on: one procedures and scheduled reports happen once, under their own leases
        this.fleetClaims = fleetLease != null ? new FleetClaims(db.leases(clock), db.host(), ttl, runbook) : null;
        Engine.Builder eb = Engine.builder().clock(clock).store(store)
                .incidents(new DeferredIncidents(incidents, () -> { })).notifications(notifications);
        if (storeIncidents != null) {
            eb.listener(storeIncidents.actionRecorder());
        }
        if (reportSource != null) {
            eb.reports(Reports.renderer(reportSource, notifications, clock));
        } else if (recorded) {
            // without the store-backed incidents (a dry run): each report opens the file for itself
            NotificationService n = notifications;
            eb.reports((rb, id, dryRun) -> {
                // sending writes the outbox: the writing opener (a dry run only reads)
                try (ReportSource once = dryRun ? StoreReports.open(storePath, rb, clock)
                        : StoreReports.openToSend(storePath, rb, clock)) {
                    return Reports.send(rb, once, id, LocalDate.ofInstant(clock.instant(), rb.zone()), clock, dryRun, n);
                }
            });
        }
        if (o.engine != null) {
            o.engine.accept(eb);
        }
        this.engine = eb.build();
    }

    /** A runtime for what the YAML loader gave (its {@code store: {retention}} is honoured). */
    public static RuntimeOptions builder(LoadResult loaded) {
        Objects.requireNonNull(loaded, "loaded");
        if (!loaded.isValid()) {
            throw new IllegalArgumentException("the runbook " + (loaded.runbook() == null ? "" : loaded.runbook().id() + " ")
                    + "is not valid (" + loaded.problems().size() + " problem(s)); validate it before running it");
        }
        RuntimeOptions o = new RuntimeOptions(loaded.runbook());
        if (loaded.store() != null && loaded.store().retention() != null) {
            o.retention(loaded.store().retention());
        }
        return o;
    }

    /** A runtime for a runbook built with the DSL. */
    public static RuntimeOptions builder(Runbook runbook) {
        return new RuntimeOptions(Objects.requireNonNull(runbook, "runbook"));
    }

    /**
     * Runs a procedure or checks now (blocking until the run returns), then asks the escalation ticker to fire
     * what is due and retry the outbox, on its own thread.
     */
    public RunResult run(RunRequest request) {
        try {
            return engine.run(runbook, request);
        } finally {
            ticker.kick();
        }
    }

    /**
     * Starts the scheduler loop on a thread of its own ({@code runbook-scheduler}): procedures and reports fire on
     * their schedules, and due escalations are processed every tick. Calling it again returns the same scheduler.
     */
    public Scheduler schedule() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the runtime of " + runbook.id() + " is closed");
            }
            if (scheduler == null) {
                endAbandonedRuns();
                Scheduler.Builder b = Scheduler.builder(runbook, engine).clock(clock)
                        .incidents(new DeferredIncidents(incidents, ticker::kick))
                        .reports(reportHook()).operator(options.operator).runAtStart(options.runAtStart)
                        .events(options.events).tick(options.tick);
                if (fleetClaims != null) {
                    b.fleet(fleetClaims);
                }
                if (options.waiter != null) {
                    b.waiter(options.waiter);
                }
                scheduler = b.build();
                loop = new Thread(scheduler, "runbook-scheduler");
                if (fleetLease != null) {
                    fleetLease.startRenewing();
                    fleetClaims.startRenewing();
                }
                loop.setDaemon(true);
                loop.setUncaughtExceptionHandler((t, e) -> options.warnings.accept("the scheduler stopped unexpectedly: "
                        + describe(e) + "; /health now answers 503 (restart)"));
                loop.start();
            }
            return scheduler;
        }
    }

    /** A daemon starting ends the runs left {@code running} by a process that died (§6); a failure only warns. */
    private void endAbandonedRuns() {
        try {
            int ended = store.journal().endAbandoned(runbook.id(), clock.instant());
            if (ended > 0) {
                options.warnings.accept(ended + " run(s) left running by a process that ended are now expired"
                        + " (see `runbook runs`)");
            }
        } catch (RuntimeException e) {
            options.warnings.accept("could not check for runs left running by a process that ended: " + describe(e));
        }
    }

    /**
     * Serves {@code /health}, {@code /metrics} and {@code /status} for the scheduler ({@link #schedule()} first)
     * on {@code address}; stopped by {@link #close()}.
     *
     * @throws IOException if the address cannot be bound
     */
    public DaemonHttp serve(InetSocketAddress address) throws IOException {
        Scheduler s;
        synchronized (lifecycle) {
            s = scheduler;
        }
        if (s == null) {
            throw new IllegalStateException("schedule() before serve(): the endpoints report on the scheduler");
        }
        DaemonHttp http = DaemonHttp.builder(s).store(store).incidents(storeIncidents).health(this::problems)
                .pausedRuns(this::pausedRuns).start(address);
        synchronized (lifecycle) {
            servers.add(http);
        }
        return http;
    }

    /**
     * Runs waiting at a manual gate and not yet expired, with the step they wait at and the command that confirms
     * them, as {@code /status} lists them. Reads the store's run journal; empty when it records no runs.
     */
    public List<PausedRun> pausedRuns() {
        Instant now = clock.instant();
        String file = options.runbookFile != null ? options.runbookFile : runbook.id() + ".yaml";
        List<PausedRun> out = new ArrayList<>();
        for (StoredRun r : store.journal().runs(runbook.id(), null, now)) {
            StoredRun seen = r.asOf(now, runbook);
            if (seen.state() != RunState.PAUSED) {
                continue;
            }
            String step = seen.steps().stream().filter(st -> Objects.equals(st.index(), seen.pausedAtStep()))
                    .map(StoredStep::title).findFirst().orElse("step " + seen.pausedAtStep());
            out.add(new PausedRun(Long.toString(r.id()), r.procedure() == null ? "-" : r.procedure(), step,
                    r.finishedAt(), "runbook confirm " + file + " " + r.id()));
        }
        return out;
    }

    /** Why the daemon is degraded (a schedule running late, a stuck outbox); empty when healthy. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        Scheduler s;
        synchronized (lifecycle) {
            s = scheduler;
        }
        if (s != null) {
            out.addAll(s.late(clock.instant(), options.lateAfter));
        }
        out.addAll(ticker.problems());
        return out;
    }

    private ReportHook reportHook() {
        if (reportSource == null) {
            return ReportHook.NONE;
        }
        if (fleetClaims != null) {
            // a fleet sends each scheduled report once: the holder of the reports lease that claims the fire time
            return (rb, report, due) -> fleetClaims.maySendReport(report.id(), due)
                    ? Reports.send(rb, reportSource, report.id(), due.toLocalDate(), clock, false, notifications)
                    : "sent by another host of the fleet";
        }
        return (rb, report, due) -> Reports.send(rb, reportSource, report.id(), due.toLocalDate(), clock, false,
                notifications);
    }

    /** The latest result of each check the scheduler ran, by check id (empty before {@link #schedule()}). */
    public Map<String, CheckRun> latest() {
        synchronized (lifecycle) {
            return scheduler == null ? Map.of() : scheduler.latest();
        }
    }

    /**
     * Stops the scheduler and the endpoints, lets a run in progress finish within {@code bound} (then interrupts
     * it), lets the ticker finish its pass, and closes the engine and the store.
     *
     * @return true if every run finished within the bound
     */
    public boolean shutdown(Duration bound) {
        Scheduler s;
        Thread l;
        List<DaemonHttp> https;
        synchronized (lifecycle) {
            if (closed) {
                return true;
            }
            closed = true;
            s = scheduler;
            l = loop;
            https = List.copyOf(servers);
        }
        boolean finished = true;
        try {
            if (s != null) {
                finished = s.shutdown(bound);
                l.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        } finally {
            https.forEach(DaemonHttp::stop);
            ticker.close(options.outboxBudget);
            if (fleetLease != null) {
                fleetLease.close();
                fleetClaims.close();
            }
            try {
                engine.close();
            } finally {
                closeStores();
            }
        }
        return finished;
    }

    /** The options' lease TTL, or {@code RUNBOOK_LEASE_TTL} (seconds, for tests and drills) when set. */
    private static Duration leaseTtl(RuntimeOptions o) {
        String env = o.env.get("RUNBOOK_LEASE_TTL");
        if (env != null && !env.isBlank()) {
            try {
                double s = Double.parseDouble(env.strip());
                if (s > 0) {
                    return Duration.ofMillis((long) (s * 1000));
                }
            } catch (NumberFormatException e) {
                // falls through to the warning
            }
            o.warnings.accept("RUNBOOK_LEASE_TTL=" + env + " is not a positive number of seconds; using "
                    + o.leaseTtl.toSeconds() + " s");
        }
        return o.leaseTtl;
    }

    private void closeStores() {
        try {
            if (storeIncidents != null) {
                storeIncidents.close();
            }
        } finally {
            try {
                store.close();
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    /** {@link #shutdown(Duration)} with the builder's stop bound. */
    @Override
    public void close() {
        shutdown(options.stopBound);
    }

    /**
     * Where a runbook's store lives: its {@code store:} (a path or {@code jdbc:sqlite:} URL; {@code ~} expanded,
     * relative to the runbook's directory; a PostgreSQL store as {@link Store#server}'s path), else {@code $XDG_STATE_HOME/runbook/<id>.db}
     * ({@code ~/.local/state/runbook/<id>.db} when unset).
     */
    public static Path storePath(Runbook rb, Map<String, String> env) {
        String s = rb.store();
        String home = System.getProperty("user.home");
        if (s == null || s.isBlank()) {
            String xdg = env.get("XDG_STATE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "state");
            return base.resolve("runbook").resolve(rb.id() + ".db");
        }
        if (s.startsWith("postgresql://") || s.startsWith("postgres://") || s.startsWith("jdbc:postgresql://")) {
            // a PostgreSQL store (§10): named by a path without credentials, which the store remembers
            return Store.server(PostgresDialect.of(s, null, null));
        }
        if (s.startsWith("jdbc:sqlite:")) {
            s = s.substring("jdbc:sqlite:".length());
            if (s.startsWith("file:")) {
                s = s.substring("file:".length());
            }
            int q = s.indexOf('?');
            if (q >= 0) {
                s = s.substring(0, q);
            }
        }
        if (s.equals("~") || s.startsWith("~/")) {
            s = home + s.substring(1);
        }
        Path p = Path.of(s);
        if (!p.isAbsolute() && rb.source() != null) {
            Path dir = rb.source().toAbsolutePath().getParent();
            p = dir == null ? p : dir.resolve(p);
        }
        return p.toAbsolutePath().normalize();
    }

    /** The open store, or null when it could not be opened (results are then kept in memory). */
    public Store database() {
        return database;
    }

    /** Why the store could not be opened, or null. */
    public String storeProblem() {
        return storeProblem;
    }

    /** The message of a failure, or its type when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public Runbook runbook() {
        return runbook;
    }

    public Clock clock() {
        return clock;
    }

    public Engine engine() {
        return engine;
    }

    public Path storePath() {
        return storePath;
    }

    public RunStore store() {
        return store;
    }

    /** True if results go to the SQLite file; false when the store could not be opened. */
    public boolean recorded() {
        return recorded;
    }

    public IncidentService incidents() {
        return incidents;
    }

    public NotificationService notifications() {
        return notifications;
    }

    /** The store-backed incident service, or null when it could not be opened (or was not asked for). */
    public StoreIncidentService storeIncidents() {
        return storeIncidents;
    }

    /** What reports read, over this runtime's open store; null when the store is not recorded. */
    public ReportSource reportSource() {
        return reportSource;
    }

    /** The thread that fires escalations and retries the outbox. */
    public EscalationTicker escalations() {
        return ticker;
    }
}

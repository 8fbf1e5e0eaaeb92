package dev.runbook.runtime;

import dev.runbook.core.HistoryReader;
import dev.runbook.core.StateStore;
import dev.runbook.core.engine.RunJournal;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.store.SqliteRunStore;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run store of a runbook on a PostgreSQL store (runbook-format §10): runs and state go to the server, and
 * when it cannot be reached (down, unreachable, the connection reset — or it could not be opened at all) to the
 * local {@link ResultSpool} instead, so the run ends with the status its checks gave and nothing is lost. Before
 * each run is recorded, whatever is spooled is replayed first, in order, each run exactly once; so the next run
 * (or the daemon's next scheduled run) that reaches the server writes the spool and removes it.
 *
 * <p>A procedure run is stored as it starts and each step as it finishes ({@link #startRun}, {@link #recordStep}),
 * so other hosts see it running; when the server goes away mid-run, the run's end is spooled with its stored id and
 * completes that stored run when it is written.
 *
 * <p>While the server is unreachable, state written during the run is kept for the rest of the process (and
 * spooled); state never written is read from the server, failing as before when it cannot be.
 * Thread-safe.
 */
final class SpooledRunStore implements RunStore, StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(SpooledRunStore.class);
    private final SqliteRunStore server;
    private final ResultSpool spool;
    private final String storeName;
    private final String host;
    private final Consumer<String> warnings;
    private final Map<String, Optional<String>> kept = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Object replaying = new Object();
    /** Runs stored as they started whose steps could not all be written: the rest wait for the run's end. */
    private final java.util.Set<Long> unwritten = ConcurrentHashMap.newKeySet();

    /**
     * @param server    the open store, or null when it could not be opened (everything is spooled)
     * @param storeName the store as messages name it (no credentials)
     * @param host      the host runs are recorded as
     */
    SpooledRunStore(SqliteRunStore server, ResultSpool spool, String storeName, String host, Consumer<String> warnings) {
        this.server = server;
        this.spool = spool;
        this.storeName = storeName;
        this.host = host;
        this.warnings = warnings;
    }

    /** The spool. */
    ResultSpool spool() {
        return spool;
    }

    /**
     * Writes whatever is spooled to the server, in order, removing each entry once written; stops at the first
     * failure (the rest stays spooled). Returns how many runs were written.
     */
    int replay() {
        if (server == null) {
            return 0;
        }
        synchronized (replaying) {
            int runs = 0;
            for (ResultSpool.Entry e : spool.entries()) {
                if (e instanceof ResultSpool.SpooledRun r) {
                    server.recordRunOnce(r.run(), r.key());
                    runs++;
                } else if (e instanceof ResultSpool.SpooledState s) {
                    server.put(s.scope(), s.key(), s.value());
                }
                spool.remove(e);
            }
            kept.clear(); // all of it is on the server now
            if (runs > 0) {
                LOG.info("wrote {} spooled run(s) from {} to the store {}", runs, spool.directory(), storeName);
            }
            return runs;
        }
    }

    /** Replays what is spooled; says so on failure and returns false (the spool stays). */
    boolean replayQuietly() {
        try {
            int n = replay();
            if (n > 0) {
                warned.set(false);
            }
            return true;
        } catch (RunStore.StoreException | IllegalStateException | UncheckedIOException e) {
            LOG.debug("the spool {} stays: {}", spool.directory(), e.toString());
            return false;
        }
    }

    @Override
    public void record(RunResult run) {
        recordRun(run);
    }

    @Override
    public long recordRun(RunResult run) {
        if (run.dryRun()) {
            return 0;
        }
        if (run.trail().id() != null) {
            unwritten.remove(run.trail().id());
        }
        RuntimeException why = null;
        if (server != null) {
            synchronized (replaying) {
                if (replayQuietly() && spool.isEmpty()) {
                    try {
                        return server.recordRun(run);
                    } catch (RunStore.StoreException | IllegalStateException e) {
                        why = e;
                    }
                }
            }
        }
        RunResult stamped = run;
        if (run.trail().host() == null) {
            RunTrail t = run.trail();
            stamped = new RunResult(run.runbook(), run.procedure(), run.status(), run.startedAt(), run.duration(),
                    run.operator(), run.results(), run.steps(), run.incidents(), false, null,
                    new RunTrail(t.id(), t.trigger(), host, t.state(), t.pausedAtStep(), t.captured(), t.resumedAt(),
                            t.statusBeforeGate()));
        }
        try {
            spool.addRun(stamped);
        } catch (UncheckedIOException e) {
            throw new RunStore.StoreException("the store " + storeName + " could not be written"
                    + (why == null ? "" : " (" + why.getMessage() + ")") + ", and neither could the spool: "
                    + e.getMessage(), e);
        }
        warnOnce(why);
        return 0;
    }

    /**
     * Stores a procedure run as it starts on the server, so its steps are written as they finish and a reader on any
     * host sees it {@code running} while its process (and its heartbeat) lives, and {@code expired} once it does not
     * (§6, §9 {@code runs}). Returns 0 — the run is then recorded whole at its end, spooled if need be — when the
     * server could not be opened or what is spooled cannot be written first (runs reach the server in order).
     *
     * @throws RunStore.StoreException if the server refuses the start (the engine records the run at its end)
     */
    @Override
    public long startRun(String runbook, String procedure, java.time.Instant startedAt, String operator,
                         RunTrail trail) {
        if (server == null) {
            return 0;
        }
        synchronized (replaying) {
            if (!replayQuietly() || !spool.isEmpty()) {
                return 0;
            }
            return server.startRun(runbook, procedure, startedAt, operator, trail);
        }
    }

    /**
     * Writes one finished step of a run stored as it started; a run with no stored start (id 0) keeps its steps for
     * its end.
     *
     * @throws RunStore.StoreException if the server cannot be written (the run's end records every step)
     */
    @Override
    public void recordStep(long runId, String trigger, dev.runbook.core.engine.StepRun step) {
        if (server == null || runId <= 0 || unwritten.contains(runId)) {
            return; // after one step could not be written, the run's end records them all: no wait per step
        }
        try {
            server.recordStep(runId, trigger, step);
        } catch (RunStore.StoreException | IllegalStateException e) {
            unwritten.add(runId);
            throw e;
        }
    }

    private void warnOnce(RuntimeException why) {
        if (warned.compareAndSet(false, true)) {
            warnings.accept("the store " + storeName + " is unreachable"
                    + (why == null ? "" : " (" + RunbookRuntime.describe(why) + ")")
                    + "; results are spooled to " + spool.directory() + " and written when it is back");
        }
    }

    @Override
    public RunJournal journal() {
        return server == null ? RunJournal.NONE : server.journal();
    }

    @Override
    public StateStore state() {
        return this;
    }

    @Override
    public HistoryReader history() {
        return server != null ? server.history() : new dev.runbook.core.engine.InMemoryRunStore().history();
    }

    @Override
    public Optional<String> get(String scope, String key) {
        Optional<String> local = kept.get(scope + "\u0000" + key);
        if (local != null) {
            return local;
        }
        if (server == null) {
            return Optional.empty();
        }
        return server.get(scope, key);
    }

    @Override
    public void put(String scope, String key, String value) {
        String k = scope + "\u0000" + key;
        if (server != null && !kept.containsKey(k)) {
            try {
                server.put(scope, key, value);
                return;
            } catch (RunStore.StoreException | IllegalStateException e) {
                warnOnce(e);
            }
        }
        kept.put(k, Optional.ofNullable(value));
        spool.addState(scope, key, value);
    }

    @Override
    public boolean compareAndSet(String scope, String key, String expected, String value) {
        String k = scope + "\u0000" + key;
        synchronized (kept) {
            Optional<String> local = kept.get(k);
            if (local == null && server != null) {
                return server.compareAndSet(scope, key, expected, value);
            }
            if (!java.util.Objects.equals(local == null ? null : local.orElse(null), expected)) {
                return false;
            }
            kept.put(k, Optional.ofNullable(value));
            spool.addState(scope, key, value);
            return true;
        }
    }

    @Override
    public void close() {
        // the server's store belongs to the runtime, which closes it
    }
}

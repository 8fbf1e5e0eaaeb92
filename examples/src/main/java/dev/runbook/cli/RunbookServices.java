package dev.runbook.cli;

import dev.runbook.core.engine.Engine;

import dev.runbook.core.escalation.IncidentService;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.NotificationService;
import dev.runbook.core.engine.InMemoryRunStore;
import dev.runbook.core.engine.RunStore;
import dev.runbook.core.model.Runbook;
import dev.runbook.history.SqliteRunStore;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.yaml.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The store and the incident service of one loaded runbook, as the launcher opens them: the SQLite store at
 * the runbook's store path (runbook-format §3) and the store-backed incidents with their notification outbox.
 * If the store cannot be opened, the run still goes on with an in-memory store and a warning on stderr (§9).
 * Not thread-safe; close it.
 */
public final class RunbookServices implements AutoCloseable {
    /** The default retention of detailed results. */
    static final Duration RETENTION = Duration.ofDays(400);

    private final Path storePath;
    private final RunStore store;
    private final IncidentService incidents;
    private final NotificationService notifications;
    private final StoreIncidentService storeIncidents;
    private final boolean recorded;

    private RunbookServices(Path storePath, RunStore store, boolean recorded, IncidentService incidents,
                            StoreIncidentService storeIncidents, NotificationService notifications) {
        this.storePath = storePath;
        this.store = store;
        this.recorded = recorded;
        this.incidents = incidents;
        this.storeIncidents = storeIncidents;
        this.notifications = notifications;
    }

    /**
     * Opens the store and the incidents of a runbook; on failure warns on {@code err} and falls back to memory.
     *
     * @param loaded        what the loader gave: the store's retention ({@code store: {retention}}) comes from it
     * @param withIncidents false for verbs that need only the store
     */
    static RunbookServices open(LoadResult loaded, Map<String, String> env, Clock clock, PrintWriter err,
                                boolean withIncidents) {
        Runbook rb = loaded.runbook();
        Duration retention = loaded.store() != null && loaded.store().retention() != null
                ? loaded.store().retention() : RETENTION;
        Path path = storePath(rb, env);
        RunStore store;
        boolean recorded = true;
        try {
            SqliteNative.prepare(env);
            store = SqliteRunStore.open(path, retention, clock);
        } catch (RuntimeException | LinkageError e) {
            err.println("runbook: warning: cannot open the store " + path + ": " + Main.describe(e)
                    + "; results will not be recorded (check the directory's permissions, or set store: in the runbook)");
            store = new InMemoryRunStore();
            recorded = false;
        }
        IncidentService incidents;
        NotificationService notifications;
        StoreIncidentService sis = null;
        if (!withIncidents) {
            incidents = new InMemoryIncidents(rb.escalation(), clock);
            notifications = NotificationService.loggingOnly();
        } else {
            try {
                sis = StoreIncidentService.open(path, rb, clock);
                incidents = sis;
                notifications = sis.notifications();
            } catch (RuntimeException | LinkageError e) {
                if (sis != null) {
                    sis.close();
                    sis = null;
                }
                err.println("runbook: warning: incidents and notifications are not available ("
                        + Main.describe(e) + "); incidents are kept in memory for this run only");
                incidents = new InMemoryIncidents(rb.escalation(), clock);
                notifications = NotificationService.loggingOnly();
            }
        }
        return new RunbookServices(path, store, recorded, incidents, sis, notifications);
    }

    /**
     * Where a runbook's store lives: its {@code store:} (a path or {@code jdbc:sqlite:} URL; {@code ~} expanded,
     * relative to the runbook's directory), else {@code $XDG_STATE_HOME/runbook/<id>.db}
     * ({@code ~/.local/state/runbook/<id>.db} when unset).
     */
    static Path storePath(Runbook rb, Map<String, String> env) {
        String s = rb.store();
        String home = System.getProperty("user.home");
        if (s == null || s.isBlank()) {
            String xdg = env.get("XDG_STATE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "state");
            return base.resolve("runbook").resolve(rb.id() + ".db");
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

    Path storePath() {
        return storePath;
    }

    RunStore store() {
        return store;
    }

    /** True if results go to the SQLite file; false when the store could not be opened. */
    boolean recorded() {
        return recorded;
    }

    IncidentService incidents() {
        return incidents;
    }

    NotificationService notifications() {
        return notifications;
    }

    /**
     * Wires the engine to these services: the store, incidents, notifications and, with the store-backed incident
     * service, the listener that records remediation steps in incident timelines (the report's "Initial Response").
     */
    Engine.Builder engine(Clock clock) {
        Engine.Builder b = Engine.builder().clock(clock).store(store).incidents(incidents).notifications(notifications);
        if (storeIncidents != null) {
            b.listener(storeIncidents.actionRecorder());
        }
        return b;
    }

    /** The store-backed incident service, or null when it could not be opened. */
    StoreIncidentService storeIncidents() {
        return storeIncidents;
    }

    @Override
    public void close() {
        try {
            if (storeIncidents != null) {
                storeIncidents.close();
            }
        } finally {
            store.close();
        }
    }
}

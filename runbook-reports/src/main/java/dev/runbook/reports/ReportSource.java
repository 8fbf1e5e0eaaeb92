package dev.runbook.reports;

import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import dev.runbook.store.SqliteHistory;
import dev.runbook.store.Notes;
import dev.runbook.incidents.StoreIncidentService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What a report reads: the history, the incidents and the notes of one open store. A long-running process builds
 * it once over the store it already has open ({@link #of}), so rendering a report opens no connection; the
 * launcher's one-shot {@code runbook report} uses {@link #open}, which opens the file and closes it again.
 * Thread-safe as the stores it wraps are; closing closes only what {@link #open} opened.
 */
public final class ReportSource implements AutoCloseable {
    private final SqliteHistory history;
    private final StoreIncidentService incidents;
    private final Notes notes;
    private final AutoCloseable[] owned;

    private ReportSource(SqliteHistory history, StoreIncidentService incidents, Notes notes, AutoCloseable... owned) {
        this.history = Objects.requireNonNull(history, "history");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.owned = owned;
    }

    /**
     * A source over stores the caller has open and keeps owning.
     *
     * @param notes the notes of the same file; this source closes nothing, the caller closes them
     */
    public static ReportSource of(SqliteHistory history, StoreIncidentService incidents, Notes notes) {
        return new ReportSource(history, incidents, notes);
    }

    /** A source over the caller's open store (history and notes) and its incidents; closes nothing. */
    public static ReportSource of(Store store, StoreIncidentService incidents) {
        return new ReportSource(store.history(), incidents, store.notes());
    }

    /**
     * Opens the store file at {@code store} for one report; close it. In a process that already has the file open
     * (the daemon), this joins that process's one connection instead of opening another. A report only reads: a
     * missing store gives the report of nothing recorded ({@link #empty}); an empty or old one is a
     * {@link dev.runbook.store.StoreException} saying so; neither is created or migrated ({@link Store#openExisting}).
     */
    public static ReportSource open(Path store, Runbook rb, Clock clock) {
        if (!Store.isServer(store) && !java.nio.file.Files.exists(store)) { // a fleet's PostgreSQL store has no file
            return empty(rb, clock);
        }
        Store s = Store.openExisting(store, Store.DEFAULT_RETENTION, clock);
        StoreIncidentService inc;
        try {
            inc = StoreIncidentService.open(s, rb, clock);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return new ReportSource(s.history(), inc, s.notes(), inc, s);
    }

    /**
     * Opens the store file at {@code store} to send a report through its outbox, which writes: creates and
     * migrates it like any writing verb ({@link Store#open}); close it.
     */
    public static ReportSource openToSend(Path store, Runbook rb, Clock clock) {
        Store s = Store.open(store, Store.DEFAULT_RETENTION, clock);
        StoreIncidentService inc;
        try {
            inc = StoreIncidentService.open(s, rb, clock);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return new ReportSource(s.history(), inc, s.notes(), inc, s);
    }

    /**
     * A source with nothing recorded, for a report asked for before the runbook's store exists: every figure reads
     * "no data", and the runbook's own store file is not created. It lives in a temporary directory that
     * {@link #close()} deletes.
     */
    public static ReportSource empty(Runbook rb, Clock clock) {
        Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("runbook-empty-report");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for an empty report: " + e, e);
        }
        AutoCloseable delete = () -> {
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path f : files.toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
            java.nio.file.Files.deleteIfExists(dir);
        };
        Store s = Store.open(dir.resolve("empty.db"), Store.DEFAULT_RETENTION, clock);
        StoreIncidentService inc;
        try {
            inc = StoreIncidentService.open(s, rb, clock);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return new ReportSource(s.history(), inc, s.notes(), inc, s, delete);
    }

    /**
     * This source narrowed to one host (runbook-format §10, {@code report --host NAME}): the results, runs and
     * remediation steps of that host's runs, its incidents and its notes; null gives the whole fleet. It shares
     * this source's store: close one of the two, once.
     *
     * @throws IllegalArgumentException when no run of the store was recorded by {@code host}; the message lists
     *                                  the hosts that were
     */
    public ReportSource forHost(String host) {
        if (host == null) {
            return this;
        }
        java.util.Set<String> known = history.runsPerHost(java.time.Instant.EPOCH,
                java.time.Instant.ofEpochMilli(Long.MAX_VALUE)).keySet();
        if (!known.contains(host)) {
            java.util.List<String> names = known.stream().filter(h -> !h.isEmpty()).toList();
            throw new IllegalArgumentException("unknown host '" + host + "': no run in the store was recorded by it;"
                    + " hosts: " + (names.isEmpty() ? "none yet" : String.join(", ", names)));
        }
        return new ReportSource(history.forHost(host), incidents, notes, owned);
    }

    /** The results and metrics. */
    public SqliteHistory history() {
        return history;
    }

    /** The incidents and the outbox. */
    public StoreIncidentService incidents() {
        return incidents;
    }

    /** The operators' notes. */
    public Notes notes() {
        return notes;
    }

    /** Closes what {@link #open} opened; a source made with {@link #of} closes nothing. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the report's store failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

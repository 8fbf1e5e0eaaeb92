package dev.runbook.reports;

import dev.runbook.core.model.Runbook;
import dev.runbook.history.SqliteHistory;
import dev.runbook.history.SqliteRunStore;
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

    /** Opens the store file at {@code store} for one report; close it. */
    public static ReportSource open(Path store, Runbook rb, Clock clock) {
        SqliteRunStore s = SqliteRunStore.open(store, SqliteRunStore.DEFAULT_RETENTION, clock);
        StoreIncidentService inc;
        try {
            inc = StoreIncidentService.open(store, rb, clock);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        Notes notes = new Notes(store);
        return new ReportSource(s.history(), inc, notes, notes, inc, s);
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

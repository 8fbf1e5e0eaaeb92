package dev.runbook.reports;

import dev.runbook.core.escalation.IncidentQueries;
import dev.runbook.core.escalation.SentReports;
import dev.runbook.core.history.HistoryQueries;
import dev.runbook.core.history.NoteQueries;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a report reads, through the query ports of core: the history, the incidents and the notes of one store,
 * and the record of the reports it sent. A long-running process builds it once over the store it already has open
 * ({@link #of}), so rendering a report opens no connection; whoever opens a store for one report (the runtime's
 * {@code StoreReports} for the launcher's {@code runbook report}) hands over what to close with {@link #owning}.
 * Thread-safe as the ports it wraps are; closing closes only what it was handed to close.
 */
public final class ReportSource implements AutoCloseable {
    private final HistoryQueries history;
    private final IncidentQueries incidents;
    private final NoteQueries notes;
    private final SentReports sent;
    private final AutoCloseable[] owned;

    private ReportSource(HistoryQueries history, IncidentQueries incidents, NoteQueries notes, SentReports sent,
                         AutoCloseable... owned) {
        this.history = Objects.requireNonNull(history, "history");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.sent = Objects.requireNonNull(sent, "sent");
        this.owned = owned.clone();
    }

    /**
     * A source over ports of a store the caller has open and keeps owning; closing it closes nothing.
     *
     * @param sent where sending records which periods went to whom (the incident service of the same store)
     */
    public static ReportSource of(HistoryQueries history, IncidentQueries incidents, NoteQueries notes,
                                  SentReports sent) {
        return new ReportSource(history, incidents, notes, sent);
    }

    /**
     * A source over ports of a store opened for it: {@link #close()} closes {@code owned}, in order (the incident
     * service before the store it works on).
     */
    public static ReportSource owning(HistoryQueries history, IncidentQueries incidents, NoteQueries notes,
                                      SentReports sent, AutoCloseable... owned) {
        return new ReportSource(history, incidents, notes, sent, owned);
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
        Set<String> known = history.runsPerHost(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE)).keySet();
        if (!known.contains(host)) {
            List<String> names = known.stream().filter(h -> !h.isEmpty()).toList();
            throw new IllegalArgumentException("unknown host '" + host + "': no run in the store was recorded by it;"
                    + " hosts: " + (names.isEmpty() ? "none yet" : String.join(", ", names)));
        }
        return new ReportSource(history.forHost(host), incidents, notes, sent, owned);
    }

    /** The results and metrics. */
    public HistoryQueries history() {
        return history;
    }

    /** The incidents. */
    public IncidentQueries incidents() {
        return incidents;
    }

    /** The operators' notes. */
    public NoteQueries notes() {
        return notes;
    }

    /** The record of which report periods went to which recipients. */
    public SentReports sent() {
        return sent;
    }

    /** Closes what the source was handed to close ({@link #owning}); a source made with {@link #of} closes nothing. */
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

package dev.runbook.runtime;

import dev.runbook.core.StoredResult;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.reports.Report;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.reports.document.LatestResults;
import dev.runbook.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports (runbook-format §8) over the runbook's store, where a store is known: the {@link ReportSource} of a
 * {@link Store} the caller has open ({@link #of}, what a {@link RunbookRuntime} builds once), or of a store file
 * opened for one report ({@link #open}, {@link #openToSend}) by the launcher's one-shot {@code runbook report}; and
 * the latest results {@code runbook docs --with-results} shows ({@link #latestResults}). A report only reads: the
 * read-only openers never create or migrate the file ({@link Store#openExisting}). Stateless; blocks on I/O.
 *
 * <pre>{@code
 * try (ReportSource source = StoreReports.open(storePath, runbook, clock)) {
 *     String text = Reports.render(runbook, source, "daily", LocalDate.now(clock), "text", clock);
 * }
 * }</pre>
 */
public final class StoreReports {
    private StoreReports() {
    }

    /** A source over the caller's open store (history and notes) and its incidents; closes nothing. */
    public static ReportSource of(Store store, StoreIncidentService incidents) {
        return ReportSource.of(store.history(), incidents, store.notes(), incidents);
    }

    /**
     * Opens the store file at {@code store} for one report; close it. In a process that already has the file open
     * (the daemon), this joins that process's one connection instead of opening another. A report only reads: a
     * missing store gives the report of nothing recorded ({@link #empty}); an empty or old one is a
     * {@link dev.runbook.store.StoreException} saying so; neither is created or migrated ({@link Store#openExisting}).
     */
    public static ReportSource open(Path store, Runbook rb, Clock clock) {
        if (!Store.isServer(store) && !Files.exists(store)) { // a fleet's PostgreSQL store has no file
            return empty(rb, clock);
        }
        return owning(Store.openExisting(store, Store.DEFAULT_RETENTION, clock), rb, clock);
    }

    /**
     * Opens the store file at {@code store} to send a report through its outbox, which writes: creates and
     * migrates it like any writing verb ({@link Store#open}); close it.
     */
    public static ReportSource openToSend(Path store, Runbook rb, Clock clock) {
        return owning(Store.open(store, Store.DEFAULT_RETENTION, clock), rb, clock);
    }

    /**
     * A source with nothing recorded, for a report asked for before the runbook's store exists: every figure reads
     * "no data", and the runbook's own store file is not created. It lives in a temporary directory that closing
     * the source deletes.
     */
    public static ReportSource empty(Runbook rb, Clock clock) {
        Path dir;
        try {
            dir = Files.createTempDirectory("runbook-empty-report");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for an empty report: " + e, e);
        }
        AutoCloseable delete = () -> {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        };
        return owning(Store.open(dir.resolve("empty.db"), Store.DEFAULT_RETENTION, clock), rb, clock, delete);
    }

    /** A source over {@code s} and its incidents that closes both (then {@code after}); closes s if that fails. */
    private static ReportSource owning(Store s, Runbook rb, Clock clock, AutoCloseable... after) {
        StoreIncidentService inc = incidents(s, rb, clock);
        AutoCloseable[] owned = new AutoCloseable[2 + after.length];
        owned[0] = inc;
        owned[1] = s;
        System.arraycopy(after, 0, owned, 2, after.length);
        return ReportSource.owning(s.history(), inc, s.notes(), inc, owned);
    }

    /** The incidents of {@code s}; closes s when they cannot be opened. */
    private static StoreIncidentService incidents(Store s, Runbook rb, Clock clock) {
        try {
            return StoreIncidentService.open(s, rb, clock);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Computes a report from the store file at {@code store}, as of {@code clock}'s now; opens and closes it. */
    public static Report compute(Runbook rb, Path store, String reportId, LocalDate date, Clock clock) {
        try (ReportSource source = open(store, rb, clock)) {
            return Reports.compute(rb, source, reportId, date, clock);
        }
    }

    /**
     * Renders a report from the store file at {@code store}; opens and closes it
     * ({@link Reports#render(Runbook, ReportSource, String, LocalDate, String, Clock)}).
     *
     * @param format {@code text}, {@code markdown}, {@code json}, {@code html}; null for the report's own
     */
    public static String render(Runbook rb, Path store, String reportId, LocalDate date, String format, Clock clock) {
        try (ReportSource source = open(store, rb, clock)) {
            return Reports.render(rb, source, reportId, date, format, clock);
        }
    }

    /**
     * Renders a report in its own format and sends it to its {@code notify} recipients through the store's
     * notification outbox (kind {@code report}; retried until delivered), again if it was sent before (an
     * operator's {@code report --send}). Opens the store file and closes it.
     *
     * @param dryRun true: send nothing, say what would be sent
     * @return what was done ("sent to ops-webhook" / "would send … to …" / "no notify: recipients")
     */
    public static String send(Runbook rb, Path store, String reportId, LocalDate date, Clock clock, boolean dryRun) {
        Store s = Store.open(store, Store.DEFAULT_RETENTION, clock);
        StoreIncidentService inc = incidents(s, rb, clock);
        try (ReportSource source = ReportSource.owning(s.history(), inc, s.notes(), inc, inc, s)) {
            return Reports.send(rb, source, reportId, date, clock, dryRun, inc.notifications(), false);
        }
    }

    /**
     * Reads the latest results of {@code runbook} from the store at {@code store}, read-only: a missing store gives
     * {@link LatestResults#unavailable} "no store yet at …" and is not created.
     *
     * @throws dev.runbook.store.StoreException if the file exists but is not a readable runbook store of this version
     */
    public static LatestResults latestResults(Path store, Runbook runbook, Clock clock) {
        if (!Store.isServer(store) && !Files.exists(store)) {
            return LatestResults.unavailable("no store yet at " + store
                    + ": nothing has been recorded (runbook run records results)");
        }
        // the one read-only opener: never creates, migrates or writes the file
        try (Store s = Store.openExisting(store, null, clock)) {
            Map<String, StoredResult> latest = new LinkedHashMap<>();
            for (Map.Entry<String, StoredResult> e : s.history().latestPerCheck().entrySet()) {
                if (runbook.checks().containsKey(e.getKey())) {
                    latest.put(e.getKey(), e.getValue());
                }
            }
            Map<String, LatestResults.LastRun> runs = new LinkedHashMap<>();
            for (Procedure p : runbook.procedures().values()) {
                s.history().lastRun(runbook.id(), p.id()).ifPresent(r -> runs.put(p.id(),
                        new LatestResults.LastRun(r.startedAt(), r.duration(), r.status())));
            }
            return LatestResults.of(latest, runs, "results from the store " + s.path());
        }
    }
}

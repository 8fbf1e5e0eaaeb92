package dev.runbook.reports.document;

import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.store.Store;
import dev.runbook.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code runbook docs --with-results} adds to the document: each check's latest stored result and each
 * procedure's last run, read once from the store without writing it, or a sentence saying why there are none
 * ("no store yet at …"). Immutable snapshot; thread-safe.
 *
 * <pre>{@code
 * LatestResults results = LatestResults.read(storePath, runbook, clock);   // never creates the store
 * String md = RunbookDocument.of(runbook).results(results).render(DocumentFormat.MARKDOWN);
 * }</pre>
 */
public final class LatestResults {
    /** A procedure's newest stored run. */
    public record LastRun(Instant startedAt, Duration duration, Status status) {
        public LastRun {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(status, "status");
        }
    }

    private final Map<String, StoredResult> checks;
    private final Map<String, LastRun> runs;
    private final String source;
    private final boolean available;

    private LatestResults(Map<String, StoredResult> checks, Map<String, LastRun> runs, String source, boolean available) {
        this.checks = Map.copyOf(checks);
        this.runs = Map.copyOf(runs);
        this.source = Objects.requireNonNull(source, "source");
        this.available = available;
    }

    /** Results given directly (for embedders and tests): latest result per check id, last run per procedure id. */
    public static LatestResults of(Map<String, StoredResult> checks, Map<String, LastRun> runs, String source) {
        return new LatestResults(checks, runs, source, true);
    }

    /** No results, and why ("no store yet at …"): the document says so instead of showing results. */
    public static LatestResults unavailable(String why) {
        return new LatestResults(Map.of(), Map.of(), why, false);
    }

    /**
     * Reads the latest results of {@code runbook} from the store at {@code store}, read-only: a missing store gives
     * {@link #unavailable} "no store yet at …" and is not created.
     *
     * @throws StoreException if the file exists but is not a readable runbook store of this version
     */
    public static LatestResults read(Path store, Runbook runbook, Clock clock) {
        if (!Store.isServer(store) && !Files.exists(store)) {
            return unavailable("no store yet at " + store + ": nothing has been recorded (runbook run records results)");
        }
        // the one read-only opener: never creates, migrates or writes the file
        try (Store s = Store.openExisting(store, null, clock)) {
            Map<String, StoredResult> latest = new LinkedHashMap<>();
            for (Map.Entry<String, StoredResult> e : s.history().latestPerCheck().entrySet()) {
                if (runbook.checks().containsKey(e.getKey())) {
                    latest.put(e.getKey(), e.getValue());
                }
            }
            Map<String, LastRun> runs = new LinkedHashMap<>();
            for (Procedure p : runbook.procedures().values()) {
                s.history().lastRun(runbook.id(), p.id()).ifPresent(r -> runs.put(p.id(),
                        new LastRun(r.startedAt(), r.duration(), r.status())));
            }
            return new LatestResults(latest, runs, "results from the store " + s.path(), true);
        }
    }

    /** True when results were read (possibly none). */
    public boolean available() {
        return available;
    }

    /** Where the results come from, or why there are none. */
    public String source() {
        return source;
    }

    /** The latest stored result of a check. */
    public Optional<StoredResult> latest(String check) {
        return Optional.ofNullable(checks.get(check));
    }

    /** The last stored run of a procedure. */
    public Optional<LastRun> lastRun(String procedure) {
        return Optional.ofNullable(runs.get(procedure));
    }
}

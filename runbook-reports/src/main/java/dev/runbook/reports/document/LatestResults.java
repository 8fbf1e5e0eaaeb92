package dev.runbook.reports.document;

import dev.runbook.core.Status;
import dev.runbook.core.StoredResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code runbook docs --with-results} adds to the document: each check's latest stored result and each
 * procedure's last run, read once from the store without writing it, or a sentence saying why there are none
 * ("no store yet at …"). The runtime reads it from a store file ({@code StoreReports.latestResults}). Immutable
 * snapshot; thread-safe.
 *
 * <pre>{@code
 * LatestResults results = StoreReports.latestResults(storePath, runbook, clock);   // never creates the store
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

    /**
     * Results read from a store (the runtime's {@code StoreReports}) or given directly (embedders, tests): latest
     * result per check id, last run per procedure id.
     */
    public static LatestResults of(Map<String, StoredResult> checks, Map<String, LastRun> runs, String source) {
        return new LatestResults(checks, runs, source, true);
    }

    /** No results, and why ("no store yet at …"): the document says so instead of showing results. */
    public static LatestResults unavailable(String why) {
        return new LatestResults(Map.of(), Map.of(), why, false);
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

package dev.runbook.core.engine;

import dev.runbook.core.history.HistoryReader;
import dev.runbook.core.history.MetricPoint;
import dev.runbook.core.history.StateStore;
import dev.runbook.core.history.StoredResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RunStore} kept in memory: for embedding without persistence and for tests. Bounded, so a long-lived
 * embedder does not grow without end: it keeps the latest {@value #DEFAULT_RUNS} runs and the latest
 * {@value #DEFAULT_RESULTS_PER_CHECK} results of each check by default, dropping the oldest (see
 * {@link #InMemoryRunStore(int, int)}). State entries are one per check and key, and are not capped. Thread-safe.
 */
public final class InMemoryRunStore implements RunStore, StateStore, HistoryReader {
    /** Runs kept by default. */
    public static final int DEFAULT_RUNS = 1_000;
    /** Results kept per check by default (a week of a check every minute). */
    public static final int DEFAULT_RESULTS_PER_CHECK = 10_080;

    private final int maxRuns;
    private final int maxResultsPerCheck;
    private final Map<String, String> state = new ConcurrentHashMap<>();
    /** Results by check id, oldest first; guarded by itself. */
    private final Map<String, ArrayDeque<StoredResult>> results = new java.util.HashMap<>();
    /** Guarded by itself. */
    private final ArrayDeque<RunResult> runs = new ArrayDeque<>();

    /** A store with the default bounds. */
    public InMemoryRunStore() {
        this(DEFAULT_RUNS, DEFAULT_RESULTS_PER_CHECK);
    }

    /**
     * A store that keeps at most {@code maxRuns} runs and {@code maxResultsPerCheck} results of each check,
     * dropping the oldest.
     */
    public InMemoryRunStore(int maxRuns, int maxResultsPerCheck) {
        if (maxRuns < 1 || maxResultsPerCheck < 1) {
            throw new IllegalArgumentException("maxRuns and maxResultsPerCheck must be at least 1, found " + maxRuns
                    + " and " + maxResultsPerCheck);
        }
        this.maxRuns = maxRuns;
        this.maxResultsPerCheck = maxResultsPerCheck;
    }

    @Override
    public void record(RunResult run) {
        synchronized (runs) {
            runs.addLast(run);
            while (runs.size() > maxRuns) {
                runs.removeFirst();
            }
        }
        synchronized (results) {
            for (CheckRun r : run.results()) {
                if (r.skipped()) {
                    continue;
                }
                add(new StoredResult(r.check(), r.at(), r.status(), r.value(), r.unit() == null ? null : r.unit().symbol(),
                        r.message(), run.procedure(), r.metrics(), r.maintenance()));
            }
        }
    }

    /** Adds a result directly (tests of history-based checks). */
    public void add(StoredResult result) {
        synchronized (results) {
            ArrayDeque<StoredResult> q = results.computeIfAbsent(result.check(), k -> new ArrayDeque<>());
            q.addLast(result);
            while (q.size() > maxResultsPerCheck) {
                q.removeFirst();
            }
        }
    }

    /** The runs kept (the latest, up to the bound), oldest first. */
    public List<RunResult> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    @Override
    public StateStore state() {
        return this;
    }

    @Override
    public HistoryReader history() {
        return this;
    }

    @Override
    public Optional<String> get(String scope, String key) {
        return Optional.ofNullable(state.get(scope + "\u0000" + key));
    }

    @Override
    public void put(String scope, String key, String value) {
        if (value == null) {
            state.remove(scope + "\u0000" + key);
        } else {
            state.put(scope + "\u0000" + key, value);
        }
    }

    @Override
    public List<MetricPoint> series(String check, String metric, Instant from, Instant to) {
        List<MetricPoint> out = new ArrayList<>();
        for (StoredResult r : results(check, from, to)) {
            Double v = r.metrics().get(metric);
            if (v != null) {
                out.add(new MetricPoint(r.at(), v));
            }
        }
        return out;
    }

    @Override
    public List<StoredResult> results(String check, Instant from, Instant to) {
        List<StoredResult> out = new ArrayList<>();
        synchronized (results) {
            for (StoredResult r : results.getOrDefault(check, new ArrayDeque<>())) {
                if (!r.at().isBefore(from) && r.at().isBefore(to)) {
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparing(StoredResult::at));
        return out;
    }

    @Override
    public Optional<StoredResult> latest(String check) {
        synchronized (results) {
            return results.getOrDefault(check, new ArrayDeque<>()).stream().max(Comparator.comparing(StoredResult::at));
        }
    }

    @Override
    public void close() {
    }
}

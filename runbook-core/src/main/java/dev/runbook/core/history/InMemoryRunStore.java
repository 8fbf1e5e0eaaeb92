package dev.runbook.core.history;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RunStore} kept in memory: for embedding without persistence and for tests. Thread-safe.
 */
public final class InMemoryRunStore implements RunStore, StateStore, HistoryReader {
    private final Map<String, String> state = new ConcurrentHashMap<>();
    /** Results by check id, oldest first; guarded by itself. */
    private final Map<String, List<StoredResult>> results = new java.util.HashMap<>();
    private final List<RunResult> runs = new CopyOnWriteArrayList<>();

    @Override
    public void record(RunResult run) {
        runs.add(run);
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
            results.computeIfAbsent(result.check(), k -> new ArrayList<>()).add(result);
        }
    }

    /** Every run recorded, oldest first. */
    public List<RunResult> runs() {
        return List.copyOf(runs);
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
            for (StoredResult r : results.getOrDefault(check, List.of())) {
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
            return results.getOrDefault(check, List.of()).stream().max(Comparator.comparing(StoredResult::at));
        }
    }

    @Override
    public void close() {
    }
}

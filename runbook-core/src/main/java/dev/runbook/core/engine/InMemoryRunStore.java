package dev.runbook.core.engine;

import dev.runbook.core.HistoryReader;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.StateStore;
import dev.runbook.core.StoredResult;
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
public final class InMemoryRunStore implements RunStore, StateStore, HistoryReader, RunJournal {
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
    /** The stored trail of each run, by id; guarded by {@link #runs}. */
    private final Map<Long, StoredRun> trails = new java.util.LinkedHashMap<>();
    private long nextId = 1;

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

    @Override
    public long recordRun(RunResult run) {
        record(run);
        if (run.dryRun()) {
            return 0;
        }
        synchronized (runs) {
            RunTrail t = run.trail();
            StoredRun before = t.id() == null ? null : trails.get(t.id());
            long id = before != null ? before.id() : nextId++;
            List<StoredStep> steps = new ArrayList<>();
            if (before != null && t.resumedAt() != null) {
                before.steps().stream().filter(s -> s.index() < t.resumedAt()).forEach(steps::add);
            }
            run.steps().forEach(s -> steps.add(StoredStep.of(s, t.trigger())));
            Instant end = run.endedAt();
            trails.put(id, new StoredRun(id, run.runbook(), run.procedure(),
                    before != null ? before.trigger() : t.trigger(), before != null ? before.operator() : run.operator(),
                    t.host() != null ? t.host() : LocalHost.NAME, t.state(), run.status(),
                    before != null ? before.startedAt() : run.startedAt().toInstant(),
                    end, t.pausedAtStep(), t.captured(), steps, t.statusBeforeGate()));
            while (trails.size() > maxRuns) {
                trails.remove(trails.keySet().iterator().next());
            }
            return id;
        }
    }

    @Override
    public RunJournal journal() {
        return this;
    }

    @Override
    public Optional<StoredRun> run(String runbook, long id) {
        synchronized (runs) {
            StoredRun r = trails.get(id);
            return r != null && r.runbook().equals(runbook) ? Optional.of(r) : Optional.empty();
        }
    }

    @Override
    public List<StoredRun> runs(String runbook, String procedure, Instant since) {
        List<StoredRun> out = new ArrayList<>();
        synchronized (runs) {
            for (StoredRun r : trails.values()) {
                if (r.runbook().equals(runbook) && (procedure == null || procedure.equals(r.procedure()))
                        && (r.state() == RunState.PAUSED || !r.startedAt().isBefore(since))) {
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparing((StoredRun r) -> r.state() != RunState.PAUSED)
                .thenComparing(StoredRun::startedAt, Comparator.reverseOrder())
                .thenComparing(StoredRun::id, Comparator.reverseOrder()));
        return out;
    }

    @Override
    public void expire(String runbook, long id, Instant at, String message) {
        synchronized (runs) {
            StoredRun r = trails.get(id);
            if (r == null || !r.runbook().equals(runbook) || r.state() != RunState.PAUSED) {
                return;
            }
            List<StoredStep> steps = new ArrayList<>();
            for (StoredStep s : r.steps()) {
                steps.add(r.pausedAtStep() != null && s.index() == r.pausedAtStep()
                        ? new StoredStep(s.index(), s.title(), s.kind(), s.status(), s.counted(), s.outcome(), message,
                                s.checks(), s.startedAt(), at, s.trigger())
                        : s);
            }
            trails.put(id, new StoredRun(id, runbook, r.procedure(), r.trigger(), r.operator(), r.host(),
                    RunState.EXPIRED, dev.runbook.core.Status.UNKNOWN, r.startedAt(), at, r.pausedAtStep(), r.captured(),
                    steps, null));
        }
    }

    @Override
    public boolean claim(String runbook, long id, Instant at) {
        synchronized (runs) {
            StoredRun r = trails.get(id);
            if (r == null || !r.runbook().equals(runbook) || r.state() != RunState.PAUSED) {
                return false;
            }
            trails.put(id, new StoredRun(id, runbook, r.procedure(), r.trigger(), r.operator(), r.host(),
                    RunState.RUNNING, r.status(), r.startedAt(), r.finishedAt(), r.pausedAtStep(), r.captured(),
                    r.steps(), r.statusBeforeGate()));
            return true;
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

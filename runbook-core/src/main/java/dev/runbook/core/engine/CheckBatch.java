package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.invoke.Completion;
import dev.runbook.core.model.CheckDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Runs checks together: each as soon as its dependencies ({@code depends_on}, {@code after}) have results, all at
 * once otherwise; then their remediations. The run's thread does all the bookkeeping (evaluation, dependents,
 * events); workers only run probes, and every probe ends by its deadline, so a batch always ends. Not thread-safe.
 */
final class CheckBatch {
    private final Run run;
    private final RemediationRun remediation;

    CheckBatch(Run run) {
        this.run = run;
        this.remediation = new RemediationRun(run);
    }

    /** Runs checks (dependencies first), then their remediations; returns the final results. */
    List<CheckRun> run(List<String> ids) {
        return run(ids, null);
    }

    /**
     * As {@link #run(List)}; {@code probed}, if not null, hears the checks' first results (of the batch and the
     * dependencies it ran) once they are all in, before any remediation runs.
     */
    List<CheckRun> run(List<String> ids, Consumer<List<CheckRun>> probed) {
        BatchActions done = new BatchActions();
        run.batch = done;
        try {
            return run(ids, done, probed);
        } finally {
            run.batch = null;
        }
    }

    /** True if any of these first results has a remediation to run or an incident to open (§5). */
    boolean remediates(List<CheckRun> first) {
        for (CheckRun r : first) {
            if (remediation.acts(r)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #run(List, Consumer)}, the batch's remediations sharing {@code done}: an action runs once per batch. */
    private List<CheckRun> run(List<String> ids, BatchActions done, Consumer<List<CheckRun>> probed) {
        List<CheckRun> first = probeAll(ids);
        if (probed != null) {
            probed.accept(List.copyOf(first));
        }
        List<CheckRun> finals = new ArrayList<>();
        for (CheckRun r : first) {
            CheckRun fin = remediation.apply(r, done);
            run.latest.put(fin.check(), fin);
            finals.add(fin);
        }
        // a dependent is skipped when its dependency *ends* CRITICAL or UNKNOWN: one skipped on a dependency whose
        // remediation recovered it runs now, after the remediations, with its own
        List<String> retry = new ArrayList<>();
        for (CheckRun r : finals) {
            if (r.skipped() && dependenciesEndedWell(run.rb.check(r.check()))) {
                retry.add(r.check());
            }
        }
        for (CheckRun fin : finals) {
            if (!retry.contains(fin.check())) {
                run.results.add(fin);
            }
        }
        List<CheckRun> rerun = retry.isEmpty() ? List.of() : run(retry, done, null);
        List<CheckRun> out = new ArrayList<>();
        for (CheckRun fin : finals) {
            if (retry.contains(fin.check())) {
                rerun.stream().filter(x -> x.check().equals(fin.check())).findFirst().ifPresent(out::add);
            } else {
                out.add(fin);
            }
        }
        return out;
    }

    private boolean dependenciesEndedWell(CheckDefinition def) {
        for (String d : def.dependsOn()) {
            CheckRun dr = run.latest.get(d);
            if (dr == null || dr.skipped() || dr.status() == Status.CRITICAL || dr.status() == Status.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    private record Finished(CheckDefinition def, Instant at, Completion<CheckResult> completion) {
    }

    /** First results of the batch and of the dependencies it needs, dependencies first. */
    private List<CheckRun> probeAll(List<String> ids) {
        Set<String> batch = new LinkedHashSet<>(ids);
        Map<String, CheckDefinition> order = new LinkedHashMap<>();
        for (String id : ids) {
            visit(id, batch, order, new HashSet<>());
        }
        // Kahn's order: a check starts when the last of its prerequisites in this batch has a result
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<CheckDefinition>> dependents = new HashMap<>();
        ArrayDeque<CheckDefinition> ready = new ArrayDeque<>();
        for (CheckDefinition def : order.values()) {
            int n = 0;
            for (String d : prerequisites(def)) {
                if (order.containsKey(d)) {
                    n++;
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(def);
                }
            }
            waitingOn.put(def.id(), n);
            if (n == 0) {
                ready.add(def);
            }
        }
        Map<String, CheckRun> done = new HashMap<>();
        BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        int running = 0;
        boolean interrupted = false;
        while (done.size() < order.size()) {
            while (!ready.isEmpty()) {
                CheckDefinition def = ready.poll();
                CheckRun skip = failedDependency(def, done);
                if (skip != null) {
                    record(done, skip, dependents, waitingOn, ready);
                    continue;
                }
                run.events.post("checkStarted", l -> l.checkStarted(def.id()));
                Instant at = run.clock.instant();
                if (!def.missingSecrets().isEmpty()) {
                    record(done, evaluate(def, CheckResult.unknown("secret " + def.missingSecrets().iterator().next()
                            + " is not set"), at, Duration.ZERO), dependents, waitingOn, ready);
                    continue;
                }
                running++;
                run.submitProbe(def).whenComplete((c, e) -> finished.add(new Finished(def, at, c)));
            }
            if (done.size() == order.size()) {
                break;
            }
            if (running == 0) {
                // only a dependency cycle leaves checks that can never start (the loader refuses cycles)
                for (CheckDefinition def : order.values()) {
                    if (!done.containsKey(def.id())) {
                        record(done, Evaluation.skipped(def, "a check that depends on it", Status.UNKNOWN,
                                run.clock.instant()), dependents, waitingOn, ready);
                    }
                }
                break;
            }
            Finished f;
            try {
                f = finished.take();
            } catch (InterruptedException e) {
                // the run must end with every result: every probe ends by its deadline, so keep waiting
                interrupted = true;
                continue;
            }
            running--;
            record(done, evaluate(f.def(), Run.raw(f.completion(), f.def().timeout()), f.at(),
                    Run.took(f.completion(), f.def().timeout())), dependents, waitingOn, ready);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<CheckRun> out = new ArrayList<>();
        for (String id : order.keySet()) {
            out.add(done.get(id));
        }
        return out;
    }

    private void record(Map<String, CheckRun> done, CheckRun r, Map<String, List<CheckDefinition>> dependents,
                        Map<String, Integer> waitingOn, ArrayDeque<CheckDefinition> ready) {
        done.put(r.check(), r);
        run.latest.put(r.check(), r);
        run.events.post("checkFinished", l -> l.checkFinished(r));
        for (CheckDefinition dep : dependents.getOrDefault(r.check(), List.of())) {
            if (waitingOn.merge(dep.id(), -1, Integer::sum) == 0 && !done.containsKey(dep.id())) {
                ready.add(dep);
            }
        }
    }

    private CheckRun evaluate(CheckDefinition def, CheckResult raw, Instant at, Duration took) {
        return run.secrets.scrubbed(Evaluation.evaluate(def, raw, at, took, false, run.zone, run.rb.maintenance(),
                run.state, run::scrub));
    }

    /** Dependencies first; a dependency already run earlier in this run (outside the batch) is not run again. */
    private void visit(String id, Set<String> batch, Map<String, CheckDefinition> order, Set<String> visiting) {
        if (order.containsKey(id) || !visiting.add(id)) {
            return;
        }
        CheckDefinition def = run.rb.check(id);
        for (String d : prerequisites(def)) {
            if (run.latest.containsKey(d) && !batch.contains(d)) {
                continue;
            }
            visit(d, batch, order, visiting);
        }
        order.put(id, def);
    }

    private static List<String> prerequisites(CheckDefinition def) {
        List<String> prereq = new ArrayList<>(def.dependsOn());
        prereq.addAll(def.after());
        return prereq;
    }

    private CheckRun failedDependency(CheckDefinition def, Map<String, CheckRun> done) {
        for (String d : def.dependsOn()) {
            CheckRun dr = done.containsKey(d) ? done.get(d) : run.latest.get(d);
            if (dr != null && (dr.status() == Status.CRITICAL || dr.status() == Status.UNKNOWN)) {
                return Evaluation.skipped(def, d, dr.status(), run.clock.instant());
            }
        }
        return null;
    }
}

package dev.runbook.runtime.rehearsal;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import dev.runbook.yaml.TestCases.Given;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the probes and actions of a test case return, call after call: the case's {@code given} results (the last
 * one repeats) and {@code actions} outcomes (default done). A check that is not given is OK, its thresholded
 * metrics at a value inside their normal range (so that "no data" does not make it UNKNOWN). Thread-safe: the
 * engine probes checks concurrently.
 */
final class Script {
    private Runbook runbook;
    private Map<String, List<Given>> given = Map.of();
    private Map<String, Outcome> outcomes = Map.of();
    private final Map<String, Integer> calls = new HashMap<>();
    private final List<String> executed = new ArrayList<>();

    synchronized void runbook(Runbook runbook) {
        this.runbook = runbook;
    }

    /** Starts a moment of a case: these results and outcomes, call counts from zero. */
    synchronized void reset(Map<String, List<Given>> given, Map<String, Outcome> outcomes) {
        this.given = Map.copyOf(given);
        this.outcomes = Map.copyOf(outcomes);
        calls.clear();
        executed.clear();
    }

    /** The result of the next probe of {@code checkId}. */
    synchronized CheckResult probe(String checkId) {
        List<Given> seq = given.get(checkId);
        int n = calls.merge(checkId, 1, Integer::sum);
        Given g = seq == null || seq.isEmpty() ? null : seq.get(Math.min(n, seq.size()) - 1);
        CheckResult.Builder b = CheckResult.builder();
        Status status = g == null || g.status() == null ? Status.OK : g.status();
        b.status(status);
        Map<String, Double> metrics = new LinkedHashMap<>(g == null ? Map.of() : g.metrics());
        if (status == Status.OK) {
            normalMetrics(checkId).forEach(metrics::putIfAbsent);
        }
        b.metrics(metrics);
        String message = g == null ? "not given: OK" : g.message() != null ? g.message()
                : g.status() != null ? "given " + g.status() : "given";
        return b.message(message).build();
    }

    /** What the next run of {@code actionId} returns, or null when the case says nothing of it. */
    synchronized Outcome outcome(String actionId) {
        executed.add(actionId);
        return outcomes.get(actionId);
    }

    /** The action ids run since the last {@link #reset}, in order. */
    synchronized List<String> executed() {
        return List.copyOf(executed);
    }

    private Map<String, Double> normalMetrics(String checkId) {
        Map<String, Double> out = new LinkedHashMap<>();
        CheckDefinition def = runbook == null ? null : runbook.checks().get(checkId);
        if (def == null) {
            return out;
        }
        for (MetricThresholds t : def.thresholds().values()) {
            Double v = normalValue(t);
            if (v != null) {
                out.put(t.metric().name(), v);
            }
        }
        return out;
    }

    /** A value these thresholds call OK, or null when none of the tried values is. */
    static Double normalValue(MetricThresholds t) {
        List<Double> bounds = new ArrayList<>();
        for (Threshold r : new Threshold[] {t.warning(), t.critical()}) {
            if (r instanceof Threshold.Bare b) {
                bounds.add(b.value());
            } else if (r instanceof Threshold.Comparison c) {
                bounds.add(c.limit());
            } else if (r instanceof Threshold.Range g) {
                bounds.add(g.start());
                bounds.add(g.end());
            }
        }
        List<Double> candidates = new ArrayList<>(List.of(0.0));
        for (double b : bounds) {
            candidates.add(b / 2);
            candidates.add(b * 2 + 1);
            candidates.add(b - 1);
            candidates.add(b + 1);
            candidates.add(-b - 1);
        }
        for (double c : candidates) {
            if (t.evaluate(c) == Status.OK) {
                return c;
            }
        }
        return null;
    }
}

package dev.runbook.store;

import dev.runbook.core.Status;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.quantity.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Builds synthetic runs for tests. */
public final class Runs {
    private Runs() {
    }

    public static CheckRun result(String check, Instant at, Status status, Map<String, Double> metrics) {
        return result(check, at, status, metrics, false, List.of());
    }

    public static CheckRun result(String check, Instant at, Status status, Map<String, Double> metrics,
                                  boolean maintenance, List<ActionRun> actions) {
        Double value = metrics.isEmpty() ? null : metrics.values().iterator().next();
        return new CheckRun(check, "test", null, status, status, value, value == null ? null : Unit.PERCENT,
                check + " is " + status, metrics, Duration.ofMillis(3), null, false, false, maintenance, false,
                Map.of(), actions, at);
    }

    public static RunResult run(Instant at, List<CheckRun> results) {
        return run("rb", "morning-check", at, results);
    }

    public static RunResult run(String runbook, String procedure, Instant at, List<CheckRun> results) {
        Status worst = Status.worst(results.stream().filter(CheckRun::counted).map(CheckRun::status).toList());
        return new RunResult(runbook, procedure, worst, at.atZone(ZoneOffset.UTC), Duration.ofMillis(40), "ops",
                results, List.of(), List.of(), false, null);
    }

    /** A one-result run. */
    public static RunResult single(String check, Instant at, Status status, double value) {
        return run(at, List.of(result(check, at, status, Map.of("value", value))));
    }
}

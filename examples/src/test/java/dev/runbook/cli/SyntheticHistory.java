package dev.runbook.cli;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.store.Store;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plausible stored history for any runbook, written straight into its store file: every check with a metric,
 * every {@code step} from {@code from} to {@code to}, values by unit (percentages wandering, disks filling up, a
 * certificate's time running out, response times with spikes), statuses from the check's own thresholds, and an
 * outage of every {@code http} check for three hours in the middle. Deterministic: the same call writes the same rows.
 */
final class SyntheticHistory {
    /** How long the http checks' outage lasts. */
    static final Duration OUTAGE = Duration.ofHours(3);

    private SyntheticHistory() {
    }

    /** When the http checks' outage starts in a history written over {@code [from, to)}: in the middle. */
    static Instant outageFrom(Instant from, Instant to) {
        return from.plusMillis(Duration.between(from, to).toMillis() / 2);
    }

    /** Loads a runbook file as the launcher would (the real loader and types) with the given environment. */
    static Runbook load(Path file, Map<String, String> env) {
        LoadResult r = new RunbookLoader(TypeRegistry.load(), env, Clock.systemUTC()).load(file);
        if (!r.isValid()) {
            throw new AssertionError("cannot load " + file + ": " + r.problems());
        }
        return r.runbook();
    }

    /** Writes the history into the store file (created when missing); returns how many runs it wrote. */
    static int write(Runbook rb, Path storeFile, Instant from, Instant to, Duration step) {
        ManualClock clock = new ManualClock(from, rb.zone());
        long total = Duration.between(from, to).toMillis();
        Instant outageFrom = outageFrom(from, to);
        Instant outageTo = outageFrom.plus(OUTAGE);
        int n = 0;
        try (Store store = Store.open(storeFile, Store.DEFAULT_RETENTION, clock)) {
            int i = 0;
            for (Instant at = from; at.isBefore(to); at = at.plus(step), i++) {
                clock.set(at);
                double frac = (double) Duration.between(from, at).toMillis() / total;
                boolean outage = !at.isBefore(outageFrom) && at.isBefore(outageTo);
                List<CheckRun> runs = new ArrayList<>();
                for (CheckDefinition cd : rb.checks().values()) {
                    MetricSpec primary = cd.primaryMetric();
                    if (primary == null) {
                        continue;
                    }
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    Status status = Status.OK;
                    for (MetricSpec m : cd.metrics()) {
                        double v = value(cd, m, i, frac);
                        metrics.put(m.name(), v);
                        MetricThresholds t = cd.thresholds().get(m.name());
                        if (t != null) {
                            status = Status.worst(List.of(status, t.evaluate(v)));
                        }
                    }
                    if ("http".equals(cd.type()) && outage) {
                        status = Status.CRITICAL;
                    }
                    double pv = metrics.get(primary.name());
                    String message = status == Status.CRITICAL && "http".equals(cd.type()) ? "connection refused"
                            : primary.name() + " " + Math.round(pv * 100) / 100.0;
                    runs.add(new CheckRun(cd.id(), cd.type(), cd.title(), status, status, pv, primary.unit(), message,
                            metrics, Duration.ofMillis(3), null, false, false, false, false, Map.of(), List.of(), at));
                }
                if (runs.isEmpty()) {
                    continue;
                }
                Status worst = Status.worst(runs.stream().map(CheckRun::status).toList());
                store.runs().record(new RunResult(rb.id(), "synthetic", worst, at.atZone(rb.zone()),
                        Duration.ofMillis(40), "test", runs, List.of(), List.of(), false, null));
                n++;
            }
        }
        return n;
    }

    static double value(CheckDefinition cd, MetricSpec m, int i, double frac) {
        String name = m.name();
        double wave = Math.sin(i * 0.37) * 0.5 + 0.5;
        UnitFamily f = m.unit().family();
        switch (f) {
            case PERCENT:
                if (name.contains("error")) {
                    return 0.2 + 0.6 * wave + (i % 41 == 7 ? 1.5 : 0);
                }
                if ("disk".equals(cd.type())) {
                    return 58 + 26 * frac + 1.5 * wave;
                }
                return Math.min(99, 35 + 30 * wave + (i % 37 == 11 ? 22 : 0));
            case DURATION:
                if (name.contains("left")) {
                    return (62 - 33 * frac) * 86400;
                }
                if (name.contains("age")) {
                    return (3 + 6 * wave) * 3600;
                }
                if (name.equals("p95") || name.equals("p99")) {
                    return (name.equals("p99") ? 1.3 : 1) * (1.8 + 1.6 * wave + (i % 29 == 5 ? 3.5 : 0));
                }
                if (name.equals("avg")) {
                    return 0.7 + 0.5 * wave;
                }
                return 0.04 + 0.2 * wave;
            case SIZE:
                return 1073741824.0 * (1 + 0.35 * frac + 0.02 * wave);
            case THROUGHPUT:
                return 1048576.0 * (1 + wave);
            case CURRENCY:
                return 30 + 10 * frac;
            default:
                if (name.contains("match") || name.contains("entr") || name.contains("line") || name.contains("fail")
                        || name.contains("error") || name.contains("count") && !name.contains("request")) {
                    return (i % 9 == 0) ? 1 : 0;
                }
                return Math.round(120 + 260 * wave);
        }
    }
}

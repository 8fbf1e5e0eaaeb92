package dev.runbook.micrometer;

import dev.runbook.core.MetricSpec;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunListener;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes every check's latest result to Micrometer, under the names and labels of the daemon's {@code /metrics}
 * (runbook-format §9) as Micrometer spells them, so a Prometheus registry renders the same series:
 * <ul>
 *   <li>{@code runbook.check.status{runbook,check}}: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
 *       ({@code runbook_check_status});</li>
 *   <li>{@code runbook.check.value{runbook,check,metric,unit}}: each metric in canonical units
 *       ({@code runbook_check_value});</li>
 *   <li>{@code runbook.check.duration} in seconds: how long the probe took ({@code runbook_check_duration_seconds});</li>
 *   <li>{@code runbook.check.last.run.timestamp} in seconds since the epoch: when the probe that gave the status
 *       started ({@code runbook_check_last_run_timestamp_seconds}), so a stale value can be told from a fresh one.</li>
 * </ul>
 * Register it as a listener of the engine ({@code RunbookRuntime.builder(…).engine(b -> b.listener(meters))}) and
 * bind it to the application's registry ({@link #bindTo}; Spring Boot binds every {@link MeterBinder} bean itself).
 * A gauge appears when its check first reports, and then follows that check's latest result.
 *
 * <p>Thread-safe: the engine calls it on its one event thread; binding may happen on any thread, before or after
 * results arrive. It never blocks on anything but its own short lock.
 */
public final class RunbookMeters implements RunListener, MeterBinder {
    private final Runbook runbook;
    private final Map<List<String>, Reading> readings = new LinkedHashMap<>();
    private final List<MeterRegistry> registries = new ArrayList<>();

    /** Meters for the checks of {@code runbook} (its id is the {@code runbook} tag; its checks give the units). */
    public RunbookMeters(Runbook runbook) {
        this.runbook = Objects.requireNonNull(runbook, "runbook");
    }

    /** Publishes this runbook's check results to {@code registry} from now on, with every reading seen so far. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (readings) {
            registries.add(registry);
            for (Reading r : readings.values()) {
                r.register(registry);
            }
        }
    }

    /** Takes each check's final result of the run (after remediation). */
    @Override
    public void runFinished(RunResult result) {
        for (CheckRun r : result.results()) {
            Tags check = Tags.of("runbook", runbook.id(), "check", r.check());
            set("runbook.check.status", check, null, "Status of the check's latest result: 0 OK, 1 WARNING, "
                    + "2 CRITICAL, 3 UNKNOWN.", r.status().exitCode());
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                String unit = symbol(unitOf(r, m.getKey()));
                set("runbook.check.value", check.and("metric", m.getKey(), "unit", unit),
                        null, "Metric values of the check's latest result, in canonical units.", m.getValue());
            }
            set("runbook.check.duration", check, "seconds", "How long the check's probe took.",
                    r.duration().toNanos() / 1e9);
            if (r.at() != null) {
                set("runbook.check.last.run.timestamp", check, "seconds",
                        "When the probe of the check's latest result started.", r.at().toEpochMilli() / 1000.0);
            }
        }
    }

    private void set(String name, Tags tags, String baseUnit, String help, double value) {
        List<String> key = new ArrayList<>();
        key.add(name);
        tags.forEach(t -> {
            key.add(t.getKey());
            key.add(t.getValue());
        });
        synchronized (readings) {
            Reading r = readings.get(key);
            if (r == null) {
                r = new Reading(name, tags, baseUnit, help);
                readings.put(key, r);
                for (MeterRegistry registry : registries) {
                    r.register(registry);
                }
            }
            r.value = value;
        }
    }

    private Unit unitOf(CheckRun r, String metric) {
        CheckDefinition def = runbook.checks().get(r.check());
        if (def != null) {
            for (MetricSpec m : def.metrics()) {
                if (m.name().equals(metric)) {
                    return m.unit();
                }
            }
        }
        String first = r.metrics().isEmpty() ? null : r.metrics().keySet().iterator().next();
        return metric.equals(first) ? r.unit() : null;
    }

    private static String symbol(Unit u) {
        return u == null || u.family() == UnitFamily.COUNT ? "" : u.symbol();
    }

    /** One gauge's latest value, read by every registry it is registered with. */
    private static final class Reading {
        final String name;
        final Tags tags;
        final String baseUnit;
        final String help;
        volatile double value = Double.NaN;

        Reading(String name, Tags tags, String baseUnit, String help) {
            this.name = name;
            this.tags = tags;
            this.baseUnit = baseUnit;
            this.help = help;
        }

        void register(MeterRegistry registry) {
            Gauge.builder(name, this, r -> r.value).tags(tags).baseUnit(baseUnit).description(help)
                    .strongReference(true).register(registry);
        }
    }
}

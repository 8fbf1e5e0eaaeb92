package dev.runbook.core.engine;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.StateStore;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns a raw probe result into a check's result: thresholds, then (outside rechecks) hysteresis, maintenance and
 * waivers. A function of its inputs and of the check's hysteresis state, which it advances; it runs no user code
 * and has no other effect. Stateless.
 */
final class Evaluation {
    private Evaluation() {
    }

    /**
     * @param def      the check
     * @param raw      what the probe returned (or the engine's UNKNOWN for it)
     * @param at       when the probe was submitted
     * @param took     how long it took
     * @param recheck  true for a recheck: raw thresholds only, no hysteresis, maintenance or waiver
     * @param zone     the runbook's zone
     * @param windows  the runbook's maintenance windows
     * @param state    the store's state, for hysteresis
     * @param scrub    removes secret values from text
     */
    static CheckRun evaluate(CheckDefinition def, CheckResult raw, Instant at, Duration took, boolean recheck,
                             ZoneId zone, List<MaintenanceWindow> windows, StateStore state,
                             UnaryOperator<String> scrub) {
        MetricSpec primary = def.primaryMetric();
        Map<String, Double> metrics = raw.metrics();
        Double value = raw.value();
        if (value == null && primary != null) {
            value = metrics.get(primary.name());
        }
        Unit unit = raw.unit() != null ? raw.unit() : primary != null ? primary.unit() : null;
        Status status = raw.status();
        StringBuilder clauses = new StringBuilder();
        for (MetricThresholds t : def.thresholds().values()) {
            String name = t.metric().name();
            Double v = metrics.get(name);
            if (v == null && primary != null && name.equals(primary.name())) {
                v = value;
            }
            if (v == null) {
                if (raw.status() == Status.OK) {
                    status = Status.worst(status, Status.UNKNOWN);
                    append(clauses, "no data for metric " + name);
                }
                continue;
            }
            Status s = t.evaluate(v);
            if (s != Status.OK) {
                status = Status.worst(status, s);
                Threshold rule = t.ruleFor(s);
                append(clauses, name + " " + t.show(v) + " (" + s.name().toLowerCase() + " "
                        + rule.describe(t.metric().unit()) + ")");
            }
        }
        String message = raw.message();
        if (clauses.length() > 0) {
            message = message.isEmpty() ? clauses.toString() : message + " — " + clauses;
        }
        message = scrub.apply(message);
        ZonedDateTime now = ZonedDateTime.ofInstant(at, zone);
        boolean maintenance = false;
        boolean waived = false;
        Pending pending = null;
        boolean flapping = false;
        Status first = status;
        if (!recheck) {
            maintenance = inMaintenance(def, windows, now);
            waived = def.waiver() != null && def.waiver().activeAt(now, zone);
            if (!def.hysteresis().isNone()) {
                HysteresisTracker.Judgement j = HysteresisTracker.judge(def.hysteresis(), status, at,
                        state.scoped(def.id()));
                first = j.status();
                pending = j.pending();
                flapping = j.flapping();
                if (j.note() != null) {
                    message = message + " [" + j.note() + "]";
                }
                if (flapping) {
                    message = message + " [flapping: notifications and incidents held until it settles]";
                }
            }
            if (maintenance) {
                message = message + " [maintenance]";
            }
            if (waived) {
                message = message + " [waived until " + def.waiver().until()
                        + (def.waiver().reason() == null ? "" : ": " + def.waiver().reason()) + "]";
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.details().entrySet()) {
            details.put(e.getKey(), e.getValue() instanceof String s ? scrub.apply(s) : e.getValue());
        }
        return new CheckRun(def.id(), def.type(), def.title(), first, first, value, unit, message, metrics, took,
                pending, false, waived, maintenance, flapping, details, List.of(), at);
    }

    /** The result of a check not run because a dependency ended CRITICAL or UNKNOWN. */
    static CheckRun skipped(CheckDefinition def, String dep, Status depStatus, Instant at) {
        return new CheckRun(def.id(), def.type(), def.title(), Status.UNKNOWN, Status.UNKNOWN, null, null,
                "skipped: depends on " + dep + " (" + depStatus + ")", Map.of(), Duration.ZERO, null, true, false,
                false, false, Map.of(), List.of(), at);
    }

    private static boolean inMaintenance(CheckDefinition def, List<MaintenanceWindow> windows, ZonedDateTime now) {
        for (MaintenanceWindow w : windows) {
            if (w.contains(now)) {
                return true;
            }
        }
        for (MaintenanceWindow w : def.maintenance()) {
            if (w.contains(now)) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder b, String s) {
        if (b.length() > 0) {
            b.append("; ");
        }
        b.append(s);
    }
}

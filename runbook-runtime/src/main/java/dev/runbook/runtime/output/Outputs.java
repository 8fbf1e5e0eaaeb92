package dev.runbook.runtime.output;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import java.util.List;

/** Small shared pieces of the formats: canonical unit symbols and the uncounted reason. */
final class Outputs {
    private Outputs() {
    }

    /** The canonical unit symbol as outputs write it, or null for counts and no unit. */
    static String unit(Unit u) {
        if (u == null || u.family() == UnitFamily.COUNT || u.symbol().isEmpty()) {
            return null;
        }
        return u.symbol();
    }

    /** Why a result is not counted, or null if it is. */
    static String uncounted(CheckRun r) {
        if (r.skipped()) {
            return "skipped";
        }
        if (r.waived()) {
            return "waived";
        }
        if (r.maintenance()) {
            return "maintenance";
        }
        return null;
    }

    /** Procedure steps that count toward the status on their own (failed actions, unconfirmed manual steps). */
    static List<StepRun> countedSteps(List<StepRun> steps) {
        return steps.stream().filter(s -> s.status() != null).toList();
    }

    /** Non-check steps worth listing as test cases: every non-check step with an outcome. */
    static List<StepRun> actionSteps(List<StepRun> steps) {
        return steps.stream().filter(s -> !"checks".equals(s.kind()) && s.outcome() != null).toList();
    }

    /** The status a step shows: its counted status, else OK for done, else UNKNOWN. */
    static Status stepStatus(StepRun s) {
        if (s.status() != null) {
            return s.status();
        }
        return s.outcome() == Outcome.FAILED || s.outcome() == Outcome.TIMED_OUT ? Status.CRITICAL : Status.OK;
    }

    /** A finite number or null. */
    static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    /**
     * The unit of a metric of a result: as its check declares it, else the result's unit for the primary metric,
     * else guessed from the name ({@code _bytes} is B, {@code _per_s} B/s), else null.
     */
    static Unit metricUnit(dev.runbook.core.model.Runbook runbook, CheckRun r, String metric) {
        dev.runbook.core.model.CheckDefinition def = runbook == null ? null : runbook.checks().get(r.check());
        if (def != null) {
            for (dev.runbook.core.MetricSpec m : def.metrics()) {
                if (m.name().equals(metric)) {
                    return m.unit();
                }
            }
        }
        String first = r.metrics().isEmpty() ? null : r.metrics().keySet().iterator().next();
        if (metric.equals(first) && r.unit() != null) {
            return r.unit();
        }
        if (metric.endsWith("_per_s")) {
            return Unit.BYTES_PER_SECOND;
        }
        if (metric.endsWith("_bytes")) {
            return Unit.BYTES;
        }
        return null;
    }
}

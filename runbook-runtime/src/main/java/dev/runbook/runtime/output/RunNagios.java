package dev.runbook.runtime.output;

import dev.runbook.core.Direction;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.threshold.MetricThresholds;
import dev.runbook.core.threshold.Threshold;
import java.util.Map;

/**
 * {@code run --format nagios}: one plugin output line, {@code RUNBOOK WARNING - 1 warning, 0 critical | perfdata},
 * so a run is itself a Nagios/Icinga/Sensu check (the launcher exits with the worst status's code). Perfdata
 * labels are {@code check.metric}, values canonical with a plugin UOM ({@code % s B}; none for counts and currencies), and warn/crit from
 * direction-based thresholds. Stateless and thread-safe.
 */
public final class RunNagios {
    private RunNagios() {
    }

    /** The one line (with a newline). */
    public static String render(RunResult run, Runbook runbook) {
        int warning = 0;
        int critical = 0;
        int unknown = 0;
        StringBuilder perf = new StringBuilder();
        for (CheckRun r : run.results()) {
            if (r.counted()) {
                switch (r.status()) {
                    case WARNING: warning++; break;
                    case CRITICAL: critical++; break;
                    case UNKNOWN: unknown++; break;
                    default: break;
                }
            }
            CheckDefinition def = runbook == null ? null : runbook.checks().get(r.check());
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                Double v = Outputs.finite(m.getValue());
                if (v == null) {
                    continue;
                }
                MetricThresholds t = def == null ? null : def.thresholds().get(m.getKey());
                Unit unit = Outputs.metricUnit(runbook, r, m.getKey());
                perf.append(perf.length() == 0 ? "" : " ").append('\'').append(r.check()).append('.').append(m.getKey())
                        .append("'=").append(plain(v)).append(uom(unit))
                        .append(';').append(limit(t == null ? null : t.warning()))
                        .append(';').append(limit(t == null ? null : t.critical()));
            }
        }
        for (var s : Outputs.countedSteps(run.steps())) {
            if (s.status() == Status.CRITICAL) {
                critical++;
            } else if (s.status() == Status.UNKNOWN) {
                unknown++;
            }
        }
        String line = "RUNBOOK " + run.status() + " - " + warning + " warning, " + critical + " critical"
                + (unknown > 0 ? ", " + unknown + " unknown" : "");
        return line + (perf.length() == 0 ? "" : " | " + perf) + "\n";
    }

    /**
     * The line for a run that could not even start (an unloadable file, an unknown procedure): {@code RUNBOOK
     * UNKNOWN - reason}, one line under 1 KB, so a Nagios/Icinga/Sensu check reads a status, not silence. The
     * launcher exits 3 with it.
     */
    public static String unknown(String reason) {
        String r = TerminalText.safe(reason == null ? "" : reason).replace('\n', ' ').replace('\t', ' ')
                .replace('|', '/').strip();
        String line = "RUNBOOK UNKNOWN - " + (r.isEmpty() ? "nothing was run" : r);
        if (line.length() > 1000) {
            line = line.substring(0, 997) + "...";
        }
        return line + "\n";
    }

    /** A plain decimal (perfdata parsers do not read exponents), six significant digits. */
    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static String uom(Unit u) {
        if (u == null) {
            return "";
        }
        if (u.family() == UnitFamily.COUNT || u.family() == UnitFamily.CURRENCY || u.family() == UnitFamily.THROUGHPUT) {
            return "";
        }
        return u.symbol();
    }

    /** A direction-based threshold as a plugin range: {@code 80} (above alerts) or {@code 7:} (below alerts). */
    private static String limit(Threshold t) {
        if (t instanceof Threshold.Bare b) {
            return b.direction() == Direction.LOWER_IS_WORSE ? plain(b.value()) + ":" : plain(b.value());
        }
        return "";
    }
}

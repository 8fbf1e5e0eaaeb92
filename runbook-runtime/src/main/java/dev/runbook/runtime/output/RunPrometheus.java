package dev.runbook.runtime.output;

import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import java.util.Map;

/**
 * {@code run --format prometheus}: text exposition format 0.0.4 with gauges only —
 * {@code runbook_check_status{runbook,check}} 0–3 (the plugin exit-code numbering),
 * {@code runbook_check_value{runbook,check,metric,unit}} per metric in canonical units, and
 * {@code runbook_check_duration_seconds{runbook,check}} and [1.1] {@code
 * runbook_check_last_run_timestamp_seconds{runbook,check}} (when the result was taken, so a stale value can be told
 * from a fresh one). Suits node_exporter's textfile collector.
 * Stateless and thread-safe.
 */
public final class RunPrometheus {
    private RunPrometheus() {
    }

    /** The exposition text. */
    public static String render(RunResult run, dev.runbook.core.model.Runbook runbook) {
        StringBuilder b = new StringBuilder();
        String rb = esc(run.runbook());
        b.append("# HELP runbook_check_status Status of the check's latest result: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n");
        b.append("# TYPE runbook_check_status gauge\n");
        for (CheckRun r : run.results()) {
            b.append("runbook_check_status{runbook=\"").append(rb).append("\",check=\"").append(esc(r.check()))
                    .append("\"} ").append(r.status().exitCode()).append('\n');
        }
        b.append("# HELP runbook_check_value Metric values of the check's latest result, in canonical units.\n");
        b.append("# TYPE runbook_check_value gauge\n");
        for (CheckRun r : run.results()) {
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                String unit = Outputs.unit(Outputs.metricUnit(runbook, r, m.getKey()));
                b.append("runbook_check_value{runbook=\"").append(rb).append("\",check=\"").append(esc(r.check()))
                        .append("\",metric=\"").append(esc(m.getKey())).append("\",unit=\"")
                        .append(esc(unit == null ? "" : unit)).append("\"} ").append(number(m.getValue())).append('\n');
            }
        }
        b.append("# HELP runbook_check_duration_seconds How long the check's probe took.\n");
        b.append("# TYPE runbook_check_duration_seconds gauge\n");
        for (CheckRun r : run.results()) {
            if (r.duration() == null) {
                continue;   // a result read back from the store: its probe's duration is not kept
            }
            b.append("runbook_check_duration_seconds{runbook=\"").append(rb).append("\",check=\"").append(esc(r.check()))
                    .append("\"} ").append(number(r.duration().toNanos() / 1e9)).append('\n');
        }
        b.append("# HELP runbook_check_last_run_timestamp_seconds When the check's latest result was taken, in Unix"
                + " seconds: time() minus it is the value's age.\n");
        b.append("# TYPE runbook_check_last_run_timestamp_seconds gauge\n");
        for (CheckRun r : run.results()) {
            if (r.at() == null) {
                continue;
            }
            b.append("runbook_check_last_run_timestamp_seconds{runbook=\"").append(rb).append("\",check=\"")
                    .append(esc(r.check())).append("\"} ").append(number(r.at().toEpochMilli() / 1000.0)).append('\n');
        }
        return b.toString();
    }

    static String number(Double v) {
        if (v == null || v.isNaN()) {
            return "NaN";
        }
        if (v.isInfinite()) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

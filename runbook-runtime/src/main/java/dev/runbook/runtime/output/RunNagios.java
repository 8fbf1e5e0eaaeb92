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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code run --format nagios} (runbook-format §9 [1.1]): a first line that names the failing checks, worst first,
 * {@code RUNBOOK CRITICAL - health CRITICAL, disk WARNING | perfdata} ({@code RUNBOOK OK - 10 checks OK | perfdata}
 * when none fails), then one line per non-OK check with its message (Nagios long output). The first line stays
 * under 1 KB, NRPE's limit: past it the names end in "and N more" and the perfdata moves to the end of the long
 * output, where Nagios reads it as well. The launcher exits with the worst status's code, so a run is itself a
 * Nagios/Icinga/Sensu check. Perfdata labels are {@code check.metric}, values canonical with a plugin UOM
 * ({@code % s B}; none for counts and currencies), and warn/crit from direction-based thresholds. Stateless and
 * thread-safe.
 */
public final class RunNagios {
    /** NRPE's limit on a plugin's first line, in bytes (the newline included). */
    public static final int FIRST_LINE_LIMIT = 1024;

    private RunNagios() {
    }

    /** One failing check or step: its name, status and message. */
    private record Failing(String name, Status status, String message) {
    }

    /** The plugin output: the first line, then the long output, each line ending in a newline. */
    public static String render(RunResult run, Runbook runbook) {
        List<Failing> failing = new ArrayList<>();
        int ok = 0;
        StringBuilder perf = new StringBuilder();
        for (CheckRun r : run.results()) {
            if (r.counted()) {
                if (r.status() == Status.OK) {
                    ok++;
                } else {
                    failing.add(new Failing(r.check(), r.status(), r.message()));
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
            if (s.status() != Status.OK) {
                failing.add(new Failing("step " + s.index() + " " + s.title(), s.status(), s.message()));
            }
        }
        // worst first (CRITICAL, UNKNOWN, WARNING), in run order within a status
        failing.sort(Comparator.comparingInt((Failing f) -> -f.status().severity()));
        String head = "RUNBOOK " + run.status() + " - " + names(failing, ok);
        StringBuilder out = new StringBuilder();
        boolean perfFirst = perf.length() > 0 && bytes(head + " | " + perf) < FIRST_LINE_LIMIT;
        out.append(head).append(perfFirst ? " | " + perf : "").append('\n');
        for (Failing f : failing) {
            out.append(clean(f.name())).append(' ').append(f.status()).append(": ").append(clean(f.message()))
                    .append('\n');
        }
        if (perf.length() > 0 && !perfFirst) {
            out.append("| ").append(perf).append('\n');
        }
        return out.toString();
    }

    /** {@code health CRITICAL, disk WARNING}, cut with "and N more" to keep the first line under 1 KB. */
    private static String names(List<Failing> failing, int ok) {
        if (failing.isEmpty()) {
            return ok + (ok == 1 ? " check OK" : " checks OK");
        }
        // room for "RUNBOOK UNKNOWN - ", ", and 9999 more", the newline and a margin
        int budget = FIRST_LINE_LIMIT - 64;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < failing.size(); i++) {
            String one = clean(failing.get(i).name()) + " " + failing.get(i).status();
            if (bytes(b + ", " + one) > budget) {
                return b + ", and " + (failing.size() - i) + " more";
            }
            b.append(b.length() == 0 ? "" : ", ").append(one);
        }
        return b.toString();
    }

    /** One line of plugin text: no newline, no {@code |} (it starts perfdata), no terminal escapes. */
    private static String clean(String s) {
        return TerminalText.safe(s == null ? "" : s).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ')
                .replace('|', '/').strip();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1;
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

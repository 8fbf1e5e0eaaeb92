package dev.runbook.checks.system;

import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code process} check: processes whose name equals {@code match} (as {@code pgrep -x}), or whose full
 * command line matches the regex {@code command} (as {@code pgrep -f}); this JVM and zombies are never counted.
 * A count outside {@code min} (default 1) .. {@code max} is CRITICAL. {@code cpu} is their CPU use in percent of
 * one CPU since the previous run (ticks kept in the check's state), or averaged over their lifetime on the first
 * run; {@code rss_bytes} their resident memory.
 *
 * <p>Scans /proc directly (one small read per process). Stateless and thread-safe; a run does not block.
 */
@TypeName("process")
public final class ProcessCheckType implements CheckType<ProcessCheckType.Params> {
    static final String STATE_KEY = "process.ticks";
    private static final Path PROC = Path.of("/proc");
    private static final double CLOCK_TICKS = 100.0; // USER_HZ, 100 on every Linux ABI

    /**
     * Parameters of {@code type: process}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param match   exact process name
     * @param command regex found in the full command line
     * @param min     fewest processes that are OK (default 1)
     * @param max     most processes that are OK (default unbounded)
     */
    public record Params(String match, String command, Integer min, Integer max) {
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "processes by exact name (match) or command-line regex (command); CRITICAL outside min..max";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.informational("count", Unit.COUNT), MetricSpec.higherIsWorse("cpu", Unit.PERCENT),
                MetricSpec.higherIsWorse("rss_bytes", Unit.BYTES));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if ((p.match() == null) == (p.command() == null)) {
            throw new IllegalArgumentException("process: give exactly one of match (a process name) or command "
                    + "(a command-line regex), found " + (p.match() == null ? "neither" : "both"));
        }
        Predicate<ProcessTable.Candidate> filter;
        String what;
        if (p.match() != null) {
            if (p.match().isEmpty() || p.match().contains("/")) {
                throw new IllegalArgumentException("process: match must be a process name without '/', found '"
                        + p.match() + "'");
            }
            filter = ProcessTable.byName(p.match());
            what = "named " + p.match();
        } else {
            try {
                filter = ProcessTable.byCommand(Pattern.compile(p.command()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("process: command is not a valid regex: '" + p.command() + "': "
                        + e.getDescription());
            }
            what = "matching '" + p.command() + "'";
        }
        int min = p.min() == null ? 1 : p.min();
        if (min < 0) {
            throw new IllegalArgumentException("process: min must be 0 or more, found " + min);
        }
        Integer max = p.max();
        if (max != null && max < min) {
            throw new IllegalArgumentException("process: max must be at least min (" + min + "), found " + max);
        }
        return ctx -> probe(PROC, filter, what, min, max, ctx);
    }

    static CheckResult probe(Path proc, Predicate<ProcessTable.Candidate> filter, String what, int min, Integer max,
            CheckContext ctx) {
        List<ProcessTable.Proc> found = ProcessTable.scan(proc, filter);
        int count = found.size();
        long rss = 0;
        for (ProcessTable.Proc pr : found) {
            rss += pr.rssPages();
        }
        rss *= ProcessTable.pageSize();
        long nowMillis = ctx.clock().millis();
        double cpu = cpuPercent(found, ctx.state().get(STATE_KEY).orElse(null), nowMillis, proc);
        ctx.state().put(STATE_KEY, encode(nowMillis, found));
        boolean tooFew = count < min;
        boolean tooMany = max != null && count > max;
        String range = max == null ? "at least " + min : min == max ? "exactly " + min : min + ".." + max;
        String msg = count + (count == 1 ? " process " : " processes ") + what;
        List<Long> pids = new ArrayList<>();
        found.forEach(pr -> pids.add(pr.pid()));
        CheckResult.Builder b = CheckResult.builder().value(count, Unit.COUNT).metric("count", count).metric("cpu", cpu)
                .metric("rss_bytes", rss).detail("pids", pids.size() > 50 ? pids.subList(0, 50) : pids);
        if (tooFew || tooMany) {
            return b.status(Status.CRITICAL).message(msg + ", expected " + range).build();
        }
        return b.message(msg + ", cpu " + Fmt.percent(cpu) + ", rss " + Fmt.bytes(rss))
                .build();
    }

    /** CPU % of one CPU since the previous sample, for processes seen then; else averaged over each lifetime. */
    static double cpuPercent(List<ProcessTable.Proc> found, String previous, long nowMillis, Path proc) {
        Map<Long, Long> before = new HashMap<>();
        long beforeMillis = decode(previous, before);
        double seconds = (nowMillis - beforeMillis) / 1000.0;
        if (beforeMillis > 0 && seconds > 0) {
            long ticks = 0;
            for (ProcessTable.Proc pr : found) {
                Long b = before.get(pr.pid());
                long d = b == null ? 0 : pr.cpuTicks() - b;
                ticks += Math.max(0, d);
            }
            return 100.0 * ticks / CLOCK_TICKS / seconds;
        }
        double uptime = uptimeSeconds(proc);
        if (uptime <= 0) {
            return 0;
        }
        double pct = 0;
        for (ProcessTable.Proc pr : found) {
            double age = uptime - pr.startTicks() / CLOCK_TICKS;
            if (age > 0) {
                pct += 100.0 * pr.cpuTicks() / CLOCK_TICKS / age;
            }
        }
        return pct;
    }

    private static double uptimeSeconds(Path proc) {
        try {
            String t = ProcFiles.text(proc.resolve("uptime")).trim();
            return Double.parseDouble(t.substring(0, t.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String encode(long millis, List<ProcessTable.Proc> found) {
        StringBuilder b = new StringBuilder().append(millis);
        for (ProcessTable.Proc pr : found) {
            b.append(';').append(pr.pid()).append(':').append(pr.cpuTicks());
        }
        return b.toString();
    }

    static long decode(String s, Map<Long, Long> into) {
        if (s == null) {
            return -1;
        }
        try {
            String[] parts = s.split(";");
            for (int i = 1; i < parts.length; i++) {
                int c = parts[i].indexOf(':');
                into.put(Long.parseLong(parts[i].substring(0, c)), Long.parseLong(parts[i].substring(c + 1)));
            }
            return Long.parseLong(parts[0]);
        } catch (RuntimeException e) {
            into.clear();
            return -1;
        }
    }
}

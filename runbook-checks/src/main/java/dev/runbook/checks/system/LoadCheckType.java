package dev.runbook.checks.system;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code load} check: the load average from {@code /proc/loadavg}. The primary metric {@code load} is the
 * chosen {@code window}'s average, divided by the number of online CPUs when {@code per_cpu} (default true);
 * {@code load1}, {@code load5}, {@code load15} are the raw averages. Stateless and thread-safe; does not block.
 */
@TypeName("load")
public final class LoadCheckType implements CheckType<LoadCheckType.Params> {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    /** The averaging window. YAML: {@code 1m}, {@code 5m}, {@code 15m}. */
    enum Window {
        ONE("1m", 0), FIVE("5m", 1), FIFTEEN("15m", 2);

        final String text;
        final int index;

        Window(String text, int index) {
            this.text = text;
            this.index = index;
        }

        static Window of(String s) {
            for (Window w : values()) {
                if (w.text.equals(s)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("load: window must be 1m, 5m or 15m, found '" + s + "'");
        }
    }

    /**
     * Parameters of {@code type: load}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param window 1m, 5m or 15m (default 1m)
     * @param perCpu divide by the number of online CPUs (default true)
     */
    public record Params(String window, Boolean perCpu) {
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "load average of window (1m/5m/15m), per CPU by default";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("load", Unit.COUNT), MetricSpec.higherIsWorse("load1", Unit.COUNT),
                MetricSpec.higherIsWorse("load5", Unit.COUNT), MetricSpec.higherIsWorse("load15", Unit.COUNT));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        Window w = p.window() == null ? Window.ONE : Window.of(p.window().trim());
        boolean perCpu = p.perCpu() == null || p.perCpu();
        return ctx -> probe(LOADAVG, ONLINE, w, perCpu);
    }

    static CheckResult probe(Path loadavg, Path online, Window w, boolean perCpu) {
        double[] l;
        try {
            l = parseLoadavg(ProcFiles.text(loadavg));
        } catch (IOException e) {
            return CheckResult.unknown("cannot read " + loadavg + ": " + e.getMessage());
        }
        if (l == null) {
            return CheckResult.unknown("no load averages in " + loadavg);
        }
        double load = l[w.index];
        int cpus = 1;
        if (perCpu) {
            cpus = onlineCpus(online);
            load = load / cpus;
        }
        return CheckResult.builder().value(load, Unit.COUNT).metric("load", load).metric("load1", l[0])
                .metric("load5", l[1]).metric("load15", l[2])
                .message("load " + w.text + " " + Fmt.fixed(load, 2) + (perCpu ? " per CPU of " + cpus : "") + " ("
                        + Fmt.fixed(l[0], 2) + " " + Fmt.fixed(l[1], 2) + " " + Fmt.fixed(l[2], 2) + ")")
                .detail("cpus", cpus).build();
    }

    /** The three averages of /proc/loadavg text, or null. */
    static double[] parseLoadavg(String text) {
        double[] l = new double[3];
        int pos = 0;
        int len = text.length();
        for (int k = 0; k < 3; k++) {
            while (pos < len && text.charAt(pos) == ' ') {
                pos++;
            }
            int start = pos;
            while (pos < len && text.charAt(pos) != ' ' && text.charAt(pos) != '\n') {
                pos++;
            }
            if (pos == start) {
                return null;
            }
            try {
                l[k] = Double.parseDouble(text.substring(start, pos));
            } catch (NumberFormatException e) {
                return null;
            }
            if (l[k] < 0) {
                return null;
            }
        }
        return l;
    }

    private static volatile int cachedCpus;

    static int onlineCpus(Path online) {
        int c = cachedCpus;
        if (c > 0) {
            return c;
        }
        try {
            c = parseCpuList(ProcFiles.text(online));
        } catch (IOException | RuntimeException e) {
            c = 0;
        }
        if (c <= 0) {
            c = Runtime.getRuntime().availableProcessors();
        }
        cachedCpus = c;
        return c;
    }

    /** Counts CPUs in a kernel CPU list such as {@code 0-3,8-11} or {@code 0}. */
    static int parseCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }
}

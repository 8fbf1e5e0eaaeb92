package dev.runbook.checks.system;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code memory} check: memory in use (total − available) from {@code /proc/meminfo} (through OSHI where there
 * is no {@code /proc}: {@link HostSource}), or with
 * {@code swap: true} swap in use (total − free). A host without swap is UNKNOWN for {@code swap: true}: there is
 * no figure to judge. Stateless and thread-safe; a run reads one small file and does not block.
 */
@TypeName("memory")
public final class MemoryCheckType implements CheckType<MemoryCheckType.Params> {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private final HostSource source;

    /** Reads {@code /proc} where it exists, else OSHI ({@link HostSource#detect()}, decided when a check is built). */
    public MemoryCheckType() {
        this(null);
    }

    /**
     * Reads from the given source; null means {@link HostSource#detect()}.
     *
     * @param source {@link HostSource#PROC}, {@link HostSource#OSHI} or null
     */
    public MemoryCheckType(HostSource source) {
        this.source = source;
    }

    /**
     * Parameters of {@code type: memory}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param swap measure swap instead of memory (default false)
     */
    public record Params(Boolean swap) {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "memory in use (total - available), or swap with swap: true";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("resources", "usage").labelled("memory usage"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("used", Unit.PERCENT), MetricSpec.higherIsWorse("used_bytes", Unit.BYTES),
                MetricSpec.lowerIsWorse("available_bytes", Unit.BYTES));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        boolean swap = Boolean.TRUE.equals(p.swap());
        HostSource from = source == null ? HostSource.detect() : source;
        if (from == HostSource.OSHI) {
            return ctx -> {
                try {
                    return judge(OshiHost.memInfo(), swap, "OSHI's memory figures");
                } catch (IOException e) {
                    return CheckResult.unknown("cannot read memory figures: " + e.getMessage());
                }
            };
        }
        return ctx -> probe(MEMINFO, swap);
    }

    static CheckResult probe(Path meminfo, boolean swap) {
        MemInfo m;
        try {
            m = MemInfo.parse(ProcFiles.text(meminfo));
        } catch (IOException e) {
            return CheckResult.unknown("cannot read " + meminfo + ": " + e.getMessage());
        }
        return judge(m, swap, meminfo.toString());
    }

    static CheckResult judge(MemInfo m, boolean swap, String source) {
        long total = swap ? m.swapTotal() : m.total();
        long available = swap ? m.swapFree() : m.availableEstimate();
        String what = swap ? "swap" : "memory";
        if (total == 0 && swap) {
            return CheckResult.unknown("no swap space configured: no data");
        }
        if (total <= 0 || available < 0 || available > total) {
            return CheckResult.unknown("no usable " + what + " figures in " + source + " (total " + total
                    + ", available " + available + ")");
        }
        long used = total - available;
        double pct = 100.0 * used / total;
        return CheckResult.builder().value(pct, Unit.PERCENT).metric("used", pct).metric("used_bytes", used)
                .metric("available_bytes", available)
                .message(what + " " + Fmt.percent(pct) + " used (" + Fmt.bytes(used) + " of " + Fmt.bytes(total) + ")")
                .detail("total_bytes", total).build();
    }
}

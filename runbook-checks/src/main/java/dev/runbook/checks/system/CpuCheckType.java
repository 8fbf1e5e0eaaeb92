package dev.runbook.checks.system;

import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cpu} check: CPU usage in percent from {@code /proc/stat} tick deltas (through OSHI where there is no
 * {@code /proc}: {@link HostSource}). The ticks of each run are
 * kept in the check's state; a later run measures since them (no waiting). The first run, or one whose stored
 * ticks are unusable (reboot, same tick), samples over {@code sample} (default 1s) by sleeping in its own thread.
 *
 * <p>Stateless and thread-safe; a run blocks only when it has to sample.
 */
@TypeName("cpu")
public final class CpuCheckType implements CheckType<CpuCheckType.Params> {
    static final String STATE_KEY = "cpu.ticks";
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** OSHI memoizes its tick counters for 300 ms; a first-run sample through OSHI waits at least this long. */
    static final Duration OSHI_MIN_SAMPLE = Duration.ofMillis(350);

    private final HostSource source;

    /** Reads {@code /proc} where it exists, else OSHI ({@link HostSource#detect()}, decided when a check is built). */
    public CpuCheckType() {
        this(null);
    }

    /**
     * Reads from the given source; null means {@link HostSource#detect()}.
     *
     * @param source {@link HostSource#PROC}, {@link HostSource#OSHI} or null
     */
    public CpuCheckType(HostSource source) {
        this.source = source;
    }

    /** Reads the aggregate CPU ticks once. */
    @FunctionalInterface
    interface TickReader {
        /** The ticks, or null if the source has none; IOException if it cannot be read. */
        CpuTicks read() throws IOException;

        /** What the reader reads, for messages. */
        default String describe() {
            return "the CPU counters";
        }
    }

    /**
     * Parameters of {@code type: cpu}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param sample how long the first run measures over (default 1s)
     */
    public record Params(Duration sample) {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "CPU usage since the previous run's ticks, else over sample (default 1s)";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("resources", "usage").labelled("CPU usage"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("usage", Unit.PERCENT));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        Duration sample = p.sample() == null ? Duration.ofSeconds(1) : p.sample();
        if (sample.isNegative() || sample.isZero() || sample.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("cpu: sample must be between 1ms and 5m, found " + sample);
        }
        HostSource from = source == null ? HostSource.detect() : source;
        if (from == HostSource.OSHI) {
            TickReader oshi = OshiHost::cpuTicks;
            // OSHI keeps its tick counters for up to 300 ms: a shorter sample would see no ticks pass.
            Duration oshiSample = sample.compareTo(OSHI_MIN_SAMPLE) < 0 ? OSHI_MIN_SAMPLE : sample;
            return ctx -> probe(oshi, oshiSample, ctx);
        }
        return ctx -> probe(PROC_STAT, sample, ctx);
    }

    static CheckResult probe(Path procStat, Duration sample, CheckContext ctx) throws InterruptedException {
        return probe(new TickReader() {
            @Override
            public CpuTicks read() throws IOException {
                return CpuTicks.parse(ProcFiles.text(procStat));
            }

            @Override
            public String describe() {
                return procStat.toString();
            }
        }, sample, ctx);
    }

    static CheckResult probe(TickReader reader, Duration sample, CheckContext ctx) throws InterruptedException {
        CpuTicks now;
        try {
            now = reader.read();
        } catch (IOException e) {
            return CheckResult.unknown("cannot read " + reader.describe() + ": " + e.getMessage());
        }
        if (now == null) {
            return CheckResult.unknown("no cpu line in " + reader.describe());
        }
        double usage = ctx.state().get(STATE_KEY).map(CpuTicks::decode).map(now::usageSince).orElse(Double.NaN);
        String basis = "since previous run";
        if (Double.isNaN(usage)) {
            Thread.sleep(sample.toMillis(), (int) (sample.toNanos() % 1_000_000));
            CpuTicks later;
            try {
                later = reader.read();
            } catch (IOException e) {
                return CheckResult.unknown("cannot read " + reader.describe() + ": " + e.getMessage());
            }
            usage = later == null ? Double.NaN : later.usageSince(now);
            now = later;
            basis = "over " + sample.toMillis() + " ms";
        }
        if (now != null) {
            ctx.state().put(STATE_KEY, now.encode());
        }
        if (Double.isNaN(usage)) {
            return CheckResult.unknown("no CPU ticks elapsed " + basis + ": no data");
        }
        return CheckResult.builder().value(usage, Unit.PERCENT).metric("usage", usage)
                .message("cpu " + Fmt.percent(usage) + " used").detail("basis", basis).build();
    }
}

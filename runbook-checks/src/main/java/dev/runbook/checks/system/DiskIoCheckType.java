package dev.runbook.checks.system;

import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code diskio} check: block device throughput and busy time from {@code /proc/diskstats}, as
 * {@code iostat} computes {@code %util}. Like {@code cpu}, a run measures since the previous run's counters kept
 * in the check's state, else it samples over {@code sample} (default 1s). With {@code device} (e.g. {@code sda}
 * or {@code /dev/sda}) one device; by default all whole disks of {@code /sys/block} except loop and ram devices:
 * throughput summed, utilization of the busiest one.
 *
 * <p>Stateless and thread-safe; a run blocks only when it has to sample.
 */
@TypeName("diskio")
public final class DiskIoCheckType implements CheckType<DiskIoCheckType.Params> {
    static final String STATE_KEY = "diskio.sample";
    private static final Path DISKSTATS = Path.of("/proc/diskstats");

    /**
     * Parameters of {@code type: diskio}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param device a block device name (default: all whole disks)
     * @param sample how long to measure when there is no previous sample (default 1s)
     */
    public record Params(String device, Duration sample) {
    }

    @Override
    public String name() {
        return "diskio";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "block device utilization and throughput since the previous run, else over sample";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("utilization", Unit.PERCENT),
                MetricSpec.higherIsWorse("read_bytes_per_s", Unit.BYTES_PER_SECOND),
                MetricSpec.higherIsWorse("write_bytes_per_s", Unit.BYTES_PER_SECOND));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        Duration sample = p.sample() == null ? Duration.ofSeconds(1) : p.sample();
        if (sample.isNegative() || sample.isZero() || sample.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("diskio: sample must be between 1ms and 5m, found " + sample);
        }
        String device = p.device();
        if (device != null) {
            device = device.startsWith("/dev/") ? device.substring(5) : device;
            if (device.isEmpty() || device.contains("/") || device.isBlank()) {
                throw new IllegalArgumentException("diskio: device must be a block device name such as sda or "
                        + "/dev/nvme0n1, found '" + p.device() + "'");
            }
        }
        String dev = device;
        return ctx -> probe(DISKSTATS, dev, sample, ctx);
    }

    static CheckResult probe(Path diskstats, String device, Duration sample, CheckContext ctx)
            throws InterruptedException {
        Map<String, DiskStats.Counters> now;
        try {
            now = select(DiskStats.parse(ProcFiles.text(diskstats)), device);
        } catch (IOException e) {
            return CheckResult.unknown("cannot read " + diskstats + ": " + e.getMessage());
        }
        String what = device == null ? "all disks" : device;
        if (now.isEmpty()) {
            return CheckResult.unknown(device == null ? "no disks found in " + diskstats
                    : "device " + device + " not found in " + diskstats);
        }
        long nowMillis = ctx.clock().millis();
        Map<String, DiskStats.Counters> before = new LinkedHashMap<>();
        long beforeMillis = ctx.state().get(STATE_KEY).map(s -> DiskStats.decode(s, before)).orElse(-1L);
        String basis = "since previous run";
        if (beforeMillis < 0 || nowMillis - beforeMillis <= 0 || !before.keySet().containsAll(now.keySet())) {
            before.clear();
            before.putAll(now);
            beforeMillis = nowMillis;
            Thread.sleep(sample.toMillis(), (int) (sample.toNanos() % 1_000_000));
            try {
                now = select(DiskStats.parse(ProcFiles.text(diskstats)), device);
            } catch (IOException e) {
                return CheckResult.unknown("cannot read " + diskstats + ": " + e.getMessage());
            }
            nowMillis = beforeMillis + sample.toMillis();
            basis = "over " + sample.toMillis() + " ms";
        }
        ctx.state().put(STATE_KEY, DiskStats.encode(nowMillis, now));
        double seconds = (nowMillis - beforeMillis) / 1000.0;
        double util = 0;
        double read = 0;
        double write = 0;
        int counted = 0;
        for (Map.Entry<String, DiskStats.Counters> e : now.entrySet()) {
            DiskStats.Counters b = before.get(e.getKey());
            DiskStats.Rates r = b == null ? null : DiskStats.rates(b, e.getValue(), seconds);
            if (r != null) {
                util = Math.max(util, r.utilization());
                read += r.readBytesPerSecond();
                write += r.writeBytesPerSecond();
                counted++;
            }
        }
        if (counted == 0) {
            return CheckResult.unknown("disk counters of " + what + " went back (device replaced?): no data");
        }
        return CheckResult.builder().value(util, Unit.PERCENT).metric("utilization", util)
                .metric("read_bytes_per_s", read).metric("write_bytes_per_s", write)
                .message(String.format(Locale.ROOT, "%s %.1f%% busy, read %s, write %s", what, util,
                        Quantity.humanize(read, Unit.BYTES_PER_SECOND), Quantity.humanize(write, Unit.BYTES_PER_SECOND)))
                .detail("basis", basis).detail("devices", List.copyOf(now.keySet())).build();
    }

    /** The chosen device, or all whole disks (those in /sys/block) except loop, ram and zram devices. */
    static Map<String, DiskStats.Counters> select(Map<String, DiskStats.Counters> all, String device) {
        Map<String, DiskStats.Counters> out = new LinkedHashMap<>();
        if (device != null) {
            DiskStats.Counters c = all.get(device);
            if (c != null) {
                out.put(device, c);
            }
            return out;
        }
        String[] block = new File("/sys/block").list();
        List<String> disks = block == null ? List.of() : List.of(block);
        for (Map.Entry<String, DiskStats.Counters> e : all.entrySet()) {
            String n = e.getKey();
            boolean whole = disks.isEmpty() ? !Character.isDigit(n.charAt(n.length() - 1)) : disks.contains(n);
            if (whole && !n.startsWith("loop") && !n.startsWith("ram") && !n.startsWith("zram")) {
                out.put(n, e.getValue());
            }
        }
        return out;
    }
}

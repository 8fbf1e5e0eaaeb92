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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code disk} check: the file system holding {@code path}, as {@code df} computes it — used % = used /
 * (used + available to unprivileged users), free bytes available to them, and inodes used %. {@code metric}
 * ({@code used}, {@code free} or {@code inodes}) chooses the primary metric. One {@code statvfs} per run; the
 * mount point for the message comes from a cached mount table. Where there is no {@code /proc}, OSHI's file stores
 * give the same figures ({@link HostSource}).
 *
 * <p>Stateless apart from that cache, and thread-safe; a run does not block.
 */
@TypeName("disk")
public final class DiskCheckType implements CheckType<DiskCheckType.Params> {
    private static final MountTable MOUNTS = new MountTable(Path.of("/proc/self/mounts"));

    private final HostSource source;

    /** Reads {@code statvfs} and {@code /proc} where it exists, else OSHI ({@link HostSource#detect()}). */
    public DiskCheckType() {
        this(null);
    }

    /**
     * Reads from the given source; null means {@link HostSource#detect()}.
     *
     * @param source {@link HostSource#PROC}, {@link HostSource#OSHI} or null
     */
    public DiskCheckType(HostSource source) {
        this.source = source;
    }

    /** Which figure is the primary metric. YAML: {@code used}, {@code free}, {@code inodes}. */
    public enum Metric { USED, FREE, INODES }

    /**
     * Parameters of {@code type: disk}, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param path   any path on the file system to measure (default {@code /})
     * @param metric the primary metric (default {@code used})
     */
    public record Params(String path, Metric metric) {
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "file system usage of path as df computes it; metric: used/free/inodes picks the primary";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("resources", "level").labelled("disk usage"), ReportPlace.of("capacity", "level"));
    }

    @Override
    public List<MetricSpec> metrics(Params p) {
        MetricSpec used = MetricSpec.higherIsWorse("used", Unit.PERCENT);
        MetricSpec free = MetricSpec.lowerIsWorse("free_bytes", Unit.BYTES);
        MetricSpec inodes = MetricSpec.higherIsWorse("inodes_used", Unit.PERCENT);
        Metric m = p == null || p.metric() == null ? Metric.USED : p.metric();
        switch (m) {
            case FREE: return List.of(free, used, inodes);
            case INODES: return List.of(inodes, used, free);
            default: return List.of(used, free, inodes);
        }
    }

    @Override
    public Check create(Params p, TypeContext context) {
        String given = p.path() == null ? "/" : p.path();
        Path path = context.resolve(given);
        String denied = dev.runbook.checks.access.FileAccess.denied(path, false);
        if (denied != null) {
            // not this user's to see (contract §1 [1.1]): UNKNOWN at run time, not a load error saying "does not exist"
            return ctx -> {
                String now = dev.runbook.checks.access.FileAccess.denied(path, false);
                if (now != null) {
                    return CheckResult.unknown(now);
                }
                return create(p, context).run(ctx);
            };
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("disk: path '" + given + "' does not exist");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("disk: path '" + given + "' cannot be resolved: " + e.getMessage());
        }
        Metric metric = p.metric() == null ? Metric.USED : p.metric();
        HostSource from = source == null ? HostSource.detect() : source;
        if (from == HostSource.OSHI) {
            return dev.runbook.checks.access.FileAccess.guarded(ctx -> probeOshi(real, metric));
        }
        return dev.runbook.checks.access.FileAccess.guarded(ctx -> probe(real, metric, MOUNTS));
    }

    static CheckResult probeOshi(Path real, Metric metric) {
        OshiHost.Store store;
        try {
            store = OshiHost.fileStore(real);
        } catch (IOException e) {
            return CheckResult.unknown("cannot read file system usage of " + real + ": " + e.getMessage());
        }
        return result(store.mountPoint(), store.usage(), metric).detail("path", real.toString())
                .detail("mount_point", store.mountPoint()).detail("device", store.device()).build();
    }

    static CheckResult probe(Path real, Metric metric, MountTable mounts) {
        FileSystemUsage u;
        try {
            u = FileSystemUsage.of(real);
        } catch (IOException e) {
            return CheckResult.unknown("cannot read file system usage of " + real + ": " + e.getMessage());
        }
        MountTable.Mount mount = mounts.holding(real);
        String where = mount == null ? real.toString() : mount.mountPoint();
        return result(where, u, metric).detail("path", real.toString())
                .detail("mount_point", mount == null ? null : mount.mountPoint())
                .detail("device", mount == null ? null : mount.device()).build();
    }

    static CheckResult.Builder result(String where, FileSystemUsage u, Metric metric) {
        double used = u.usedPercent();
        if (Double.isNaN(used)) {
            return CheckResult.unknown(where + ": the file system reports no blocks: no data").toBuilder();
        }
        double inodes = u.inodesUsedPercent();
        CheckResult.Builder b = CheckResult.builder().metric("used", used).metric("free_bytes", u.availBytes());
        if (!Double.isNaN(inodes)) {
            b.metric("inodes_used", inodes);
        }
        String free = Fmt.bytes(u.availBytes());
        switch (metric) {
            case FREE:
                return b.value(u.availBytes(), Unit.BYTES).message(where + " " + free + " free (" + Fmt.percent(used) + " used)");
            case INODES:
                if (Double.isNaN(inodes)) {
                    return b.status(dev.runbook.core.Status.UNKNOWN)
                            .message(where + ": the file system reports no inode counts: no data");
                }
                return b.value(inodes, Unit.PERCENT).message(where + " " + Fmt.percent(inodes) + " inodes used");
            default:
                return b.value(used, Unit.PERCENT).message(where + " " + Fmt.percent(used) + " used (" + free + " free)");
        }
    }
}

package dev.runbook.checks.fs;

import dev.runbook.checks.access.FileAccess;
import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.checks.sqlite.SqliteIntegrity;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.ReportPlace;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import dev.runbook.core.threshold.MetricThresholds;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code backup} check type: the newest entry (file or directory, by modification time) of a backup
 * directory is recent, contains what it should, has a plausible size compared with the median of the earlier
 * entries, and optionally holds a SQLite database that passes {@code integrity_check}.
 *
 * <pre>{@code
 * backup: { type: backup, dir: /backups/estimator, max_age: 26h, contains: [app.db, .env, uploads/],
 *           size_change: { warning: "-20%:", critical: "-50%:" }, sqlite: app.db }
 * }</pre>
 *
 * A missing or empty directory is CRITICAL. Stateless and thread-safe; a check blocks on directory walks.
 */
@TypeName("backup")
public final class BackupCheckType implements CheckType<BackupCheckType.Params> {
    private static final MetricSpec SIZE_CHANGE = MetricSpec.higherIsWorse("size_change", Unit.PERCENT);

    /**
     * Parameters of {@code backup}.
     *
     * @param dir        the backup directory
     * @param maxAge     critical when the newest entry is older
     * @param contains   names inside the newest entry; a trailing slash means a directory
     * @param sizeChange thresholds on {@code size_change} (%, relative to the median of earlier entries)
     * @param sqlite     a database file inside the newest entry to integrity-check
     */
    public record Params(String dir, Duration maxAge, List<String> contains, SizeChange sizeChange, String sqlite) {
    }

    /**
     * {@code size_change: {warning, critical}}: thresholds in the forms of §2 ({@code 50%}, {@code "< -50%"},
     * {@code "-50%:"}).
     *
     * @param warning  the warning rule
     * @param critical the critical rule
     */
    public record SizeChange(String warning, String critical) {
    }

    @Override
    public String name() {
        return "backup";
    }

    /** {@code max_age} is also a critical threshold on {@code age}, unless the check writes one itself. */
    @Override
    public void shorthands(WrittenParameters written) {
        written.text("max_age").ifPresent(v -> written.threshold("max_age", "age", null, "> " + v.trim()));
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "the newest entry of a backup directory: age, contents, size change, SQLite integrity";
    }

    /** Where its checks appear in the reports (runbook-format §8). */
    @Override
    public List<ReportPlace> reportPlaces(Params parameters) {
        return List.of(ReportPlace.of("backup", "latest"));
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of(MetricSpec.higherIsWorse("age", Unit.SECONDS), MetricSpec.informational("size_bytes", Unit.BYTES),
                SIZE_CHANGE);
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.dir() == null || p.dir().isBlank()) {
            throw new IllegalArgumentException("dir: required, the backup directory");
        }
        if (p.maxAge() != null && p.maxAge().isNegative()) {
            throw new IllegalArgumentException("max_age: must not be negative, found " + p.maxAge());
        }
        List<String> contains = p.contains() == null ? List.of() : List.copyOf(p.contains());
        for (String c : contains) {
            if (c == null || c.isBlank() || c.startsWith("/") || c.contains("..")) {
                throw new IllegalArgumentException("contains: expected names relative to the backup entry, found '" + c + "'");
            }
        }
        MetricThresholds sizeChange = null;
        if (p.sizeChange() != null) {
            try {
                sizeChange = MetricThresholds.parse(SIZE_CHANGE, p.sizeChange().warning(), p.sizeChange().critical());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("size_change: " + e.getMessage());
            }
        }
        if (p.sqlite() != null && (p.sqlite().isBlank() || p.sqlite().startsWith("/") || p.sqlite().contains(".."))) {
            throw new IllegalArgumentException("sqlite: expected a file name inside the backup entry, found '" + p.sqlite() + "'");
        }
        Path dir = context.resolve(p.dir());
        Duration maxAge = p.maxAge();
        MetricThresholds sc = sizeChange;
        String sqlite = p.sqlite();
        return FileAccess.guarded(ctx -> run(ctx, dir, maxAge, contains, sc, sqlite));
    }

    private record Entry(Path path, long mtime, long size) {
    }

    private static CheckResult run(CheckContext ctx, Path dir, Duration maxAge, List<String> contains,
                                   MetricThresholds sizeChange, String sqlite) throws IOException {
        FileAccess.require(dir);
        if (!Files.isDirectory(dir)) {
            return CheckResult.critical("backup directory not found: " + dir);
        }
        List<Entry> entries = new ArrayList<>();
        for (Path e : PathGlob.entries(dir)) {
            BasicFileAttributes a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            entries.add(new Entry(e, a.lastModifiedTime().toMillis(), a.isDirectory() ? treeSize(e) : a.size()));
        }
        if (entries.isEmpty()) {
            return CheckResult.critical("no backup in " + dir);
        }
        entries.sort(Comparator.comparingLong(Entry::mtime).reversed().thenComparing(x -> x.path().getFileName().toString(),
                Comparator.reverseOrder()));
        Entry newest = entries.get(0);
        double age = Math.max(0, (ctx.clock().millis() - newest.mtime()) / 1000.0);
        CheckResult.Builder b = CheckResult.builder().value(age, Unit.SECONDS).metric("age", age)
                .metric("size_bytes", newest.size())
                .detail("dir", dir.toString()).detail("newest", newest.path().getFileName().toString())
                .detail("entries", entries.size());
        Status status = Status.OK;
        List<String> problems = new ArrayList<>();
        if (maxAge != null && age > maxAge.toMillis() / 1000.0) {
            status = Status.CRITICAL;
            problems.add("newest backup " + newest.path().getFileName() + " is " + Quantity.humanize(age, Unit.SECONDS)
                    + " old (max " + Quantity.humanize(maxAge.toMillis() / 1000.0, Unit.SECONDS) + ")");
        }
        if (entries.size() > 1) {
            double[] earlier = entries.subList(1, entries.size()).stream().mapToDouble(Entry::size).sorted().toArray();
            double median = median(earlier);
            b.detail("median_size_bytes", median);
            if (median > 0) {
                double change = (newest.size() - median) / median * 100.0;
                b.metric("size_change", change);
                if (sizeChange != null) {
                    Status s = sizeChange.evaluate(change);
                    if (s != Status.OK) {
                        status = Status.worst(status, s);
                        problems.add(String.format(java.util.Locale.ROOT, "size changed %+.1f%% against the median of %d "
                                + "earlier backups (%s %s)", change, earlier.length, s == Status.CRITICAL ? "critical"
                                : "warning", sizeChange.ruleFor(s).describe(Unit.PERCENT)));
                    }
                }
            }
        }
        if (!contains.isEmpty()) {
            List<String> missing = new ArrayList<>();
            if (!Files.isDirectory(newest.path())) {
                missing.addAll(contains);
            } else {
                FileAccess.require(newest.path());
                for (String c : contains) {
                    boolean wantDir = c.endsWith("/");
                    Path target = newest.path().resolve(wantDir ? c.substring(0, c.length() - 1) : c);
                    if (wantDir ? !Files.isDirectory(target) : !Files.isRegularFile(target)) {
                        missing.add(c);
                    }
                }
            }
            if (!missing.isEmpty()) {
                status = Status.CRITICAL;
                b.detail("missing", missing);
                problems.add(newest.path().getFileName() + " lacks " + String.join(", ", missing));
            }
        }
        if (sqlite != null) {
            Path db = newest.path().resolve(sqlite);
            SqliteIntegrity.Verdict v = SqliteIntegrity.check(db, false, Duration.ofSeconds(2));
            b.detail("sqlite", v.message());
            if (v.status() != Status.OK) {
                status = Status.worst(status, v.status());
                problems.add(v.message());
            }
        }
        if (!problems.isEmpty()) {
            return b.status(status).message(String.join("; ", problems)).build();
        }
        return b.status(Status.OK).message("newest backup " + newest.path().getFileName() + " is "
                + Quantity.humanize(age, Unit.SECONDS) + " old, " + Quantity.humanize(newest.size(), Unit.BYTES)
                + (sqlite != null ? ", " + sqlite + " integrity ok" : "")).build();
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    static long treeSize(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

}

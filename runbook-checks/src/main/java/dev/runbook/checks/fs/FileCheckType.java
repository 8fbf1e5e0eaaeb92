package dev.runbook.checks.fs;

import dev.runbook.checks.access.FileAccess;
import dev.runbook.core.spi.WrittenParameters;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.quantity.UnitFamily;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code file} check type: files matching a path or glob exist (or not), are recent enough and of a sane size.
 *
 * <p>{@code match} says how several files are judged (contract §4 [1.1]). {@code all} (default): every file must
 * pass each of {@code max_age}, {@code min_size}, {@code max_size} (all critical); the value and metrics are the
 * worst file's (oldest; largest for {@code max_size}; smallest for {@code min_size}), and the message names it and
 * how many files passed — the seed's "rotate when any log file is over 100 MB". {@code any}: one passing file
 * suffices, and the best file is reported. The primary metric is {@code size_bytes} when only size limits are
 * given, else {@code age}. With {@code exists: false} the check is CRITICAL when anything matches.
 *
 * <p>Stateless and thread-safe; a check blocks on directory reads.
 */
@TypeName("file")
public final class FileCheckType implements CheckType<FileCheckType.Params> {

    /** How several matching files are judged. */
    public enum Match { ANY, ALL }

    /**
     * Parameters of {@code file}.
     *
     * @param path    a path or glob
     * @param exists  whether it must exist (default true)
     * @param match   any or all (default all)
     * @param maxAge  critical when older (by modification time)
     * @param minSize critical when smaller
     * @param maxSize critical when larger
     */
    public record Params(String path, Boolean exists, Match match, Duration maxAge, Quantity minSize, Quantity maxSize) {
    }

    @Override
    public String name() {
        return "file";
    }

    /**
     * {@code max_age} is also a critical threshold on {@code age}; {@code min_size} and {@code max_size} one on
     * {@code size_bytes} (runbook-format §2), unless the check writes thresholds for those metrics itself.
     */
    @Override
    public void shorthands(WrittenParameters written) {
        written.text("max_age").ifPresent(v -> written.threshold("max_age", "age", null, "> " + v.trim()));
        java.util.Optional<String> lo = written.text("min_size");
        java.util.Optional<String> hi = written.text("max_size");
        if (lo.isPresent() || hi.isPresent()) {
            String range = lo.isPresent() && hi.isPresent() ? lo.get().trim() + ":" + hi.get().trim()
                    : lo.isPresent() ? lo.get().trim() + ":" : "> " + hi.get().trim();
            written.threshold(lo.isPresent() ? "min_size" : "max_size", "size_bytes", null, range);
        }
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "files matching a path or glob: existence, age, size";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        if (parameters != null && parameters.maxAge() == null
                && (parameters.minSize() != null || parameters.maxSize() != null)) {
            return List.of(MetricSpec.higherIsWorse("size_bytes", Unit.BYTES), MetricSpec.higherIsWorse("age", Unit.SECONDS),
                    MetricSpec.informational("count", Unit.COUNT));
        }
        return List.of(MetricSpec.higherIsWorse("age", Unit.SECONDS), MetricSpec.higherIsWorse("size_bytes", Unit.BYTES),
                MetricSpec.informational("count", Unit.COUNT));
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p == null || p.path() == null || p.path().isBlank()) {
            throw new IllegalArgumentException("path: required, a path or glob");
        }
        boolean exists = p.exists() == null || p.exists();
        boolean any = p.match() == Match.ANY;
        if (p.maxAge() != null && p.maxAge().isNegative()) {
            throw new IllegalArgumentException("max_age: must not be negative, found " + p.maxAge());
        }
        Double minSize = size("min_size", p.minSize());
        Double maxSize = size("max_size", p.maxSize());
        if (!exists && (p.maxAge() != null || minSize != null || maxSize != null)) {
            throw new IllegalArgumentException("exists: false cannot be combined with max_age, min_size or max_size");
        }
        PathGlob glob = PathGlob.of(context.resolve(p.path()));
        Duration maxAge = p.maxAge();
        return FileAccess.guarded(ctx -> run(ctx, glob, exists, any, maxAge, minSize, maxSize));
    }

    static Double size(String name, Quantity q) {
        if (q == null) {
            return null;
        }
        try {
            double v = q.canonicalIn(UnitFamily.SIZE);
            if (v < 0) {
                throw new IllegalArgumentException("must not be negative");
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": expected a size such as 100MB, found '" + q.text() + "': "
                    + e.getMessage());
        }
    }

    private static CheckResult run(CheckContext ctx, PathGlob glob, boolean exists, boolean any, Duration maxAge,
                                   Double minSize, Double maxSize) throws IOException {
        List<Path> files = glob.files();
        CheckResult.Builder b = CheckResult.builder().detail("path", glob.text());
        if (!exists) {
            b.metric("count", files.size());
            if (files.isEmpty()) {
                return b.status(Status.OK).message("nothing matches " + glob.text() + ", as expected").build();
            }
            return b.status(Status.CRITICAL).detail("files", names(files))
                    .message(files.size() + " file(s) match " + glob.text() + ", expected none: " + files.get(0)).build();
        }
        if (files.isEmpty()) {
            return b.status(Status.CRITICAL).metric("count", 0)
                    .message((glob.isLiteral() ? "not found: " : "nothing matches ") + glob.text()).build();
        }
        double now = ctx.clock().millis() / 1000.0;
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // removed between listing and reading
            }
            double age = Math.max(0, now - a.lastModifiedTime().toMillis() / 1000.0);
            double size = a.isDirectory() ? 0 : a.size();
            List<String> failed = new ArrayList<>();
            if (maxAge != null && age > maxAge.toMillis() / 1000.0) {
                failed.add("older than " + Quantity.humanize(maxAge.toMillis() / 1000.0, Unit.SECONDS)
                        + " (" + Quantity.humanize(age, Unit.SECONDS) + " old)");
            }
            if (minSize != null && size < minSize) {
                failed.add("smaller than " + Quantity.humanize(minSize, Unit.BYTES) + " (" + Quantity.humanize(size, Unit.BYTES) + ")");
            }
            if (maxSize != null && size > maxSize) {
                failed.add("larger than " + Quantity.humanize(maxSize, Unit.BYTES) + " (" + Quantity.humanize(size, Unit.BYTES) + ")");
            }
            entries.add(new Entry(f, age, size, failed));
        }
        if (entries.isEmpty()) {
            return b.status(Status.CRITICAL).metric("count", 0).message("nothing matches " + glob.text()).build();
        }
        // contract §4 [1.1]: with match all every file must pass and the worst file is reported; with match any one
        // passing file suffices and the best one is reported
        boolean sizeOnly = maxAge == null && (minSize != null || maxSize != null);
        java.util.Comparator<Entry> worseFirst = java.util.Comparator.comparingInt((Entry e) -> e.failed.isEmpty() ? 1 : 0);
        if (sizeOnly) {
            worseFirst = minSize != null && maxSize == null
                    ? worseFirst.thenComparingDouble(e -> e.size) : worseFirst.thenComparingDouble(e -> -e.size);
        } else {
            worseFirst = worseFirst.thenComparingDouble(e -> -e.age);
            worseFirst = minSize != null && maxSize == null
                    ? worseFirst.thenComparingDouble(e -> e.size) : worseFirst.thenComparingDouble(e -> -e.size);
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(worseFirst);
        long passed = entries.stream().filter(e -> e.failed.isEmpty()).count();
        Entry shown = any ? sorted.get(sorted.size() - 1) : sorted.get(0);
        double primary = sizeOnly ? shown.size : shown.age;
        b.value(primary, sizeOnly ? Unit.BYTES : Unit.SECONDS).metric("age", shown.age).metric("size_bytes", shown.size)
                .metric("count", entries.size()).detail("file", shown.path.toString()).detail("passed", passed);
        if (files.size() > 1) {
            b.detail("files", names(files));
        }
        int n = entries.size();
        String of = n == 1 ? "" : ", " + passed + " of " + n + " files passed";
        boolean critical = any ? passed == 0 : passed < n;
        if (critical) {
            String lead = n == 1 || !any ? "" : "no file passes; the best: ";
            return b.status(Status.CRITICAL).message(lead + shown.path + " " + String.join(", ", shown.failed) + of).build();
        }
        String what = n == 1 ? shown.path.toString() : (any ? "best of " : "worst of ") + n + " files matching "
                + glob.text() + ": " + shown.path;
        return b.status(Status.OK).message(what + ", " + Quantity.humanize(shown.age, Unit.SECONDS) + " old, "
                + Quantity.humanize(shown.size, Unit.BYTES) + (n == 1 ? "" : ", " + passed + " of " + n + " files passed"))
                .build();
    }

    /** One matching file as judged: its age, size and the limits it failed. */
    private record Entry(Path path, double age, double size, List<String> failed) {
    }

    private static String more(List<String> l) {
        return l.size() > 1 ? " and " + (l.size() - 1) + " more" : "";
    }

    private static List<String> names(List<Path> files) {
        List<String> out = new ArrayList<>();
        for (Path f : files.subList(0, Math.min(50, files.size()))) {
            out.add(f.toString());
        }
        return out;
    }
}

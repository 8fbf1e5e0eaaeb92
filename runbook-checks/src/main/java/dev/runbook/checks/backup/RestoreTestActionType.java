package dev.runbook.checks.backup;

import dev.runbook.checks.sqlite.SqliteIntegrity;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code restore-test} action: copies the newest entry of a backup directory (by modification time) to a
 * temporary directory, runs {@code PRAGMA integrity_check} on every SQLite database in the copy
 * ({@code *.db}, {@code *.sqlite}, {@code *.sqlite3}), and removes the copy. FAILED when a database fails, when
 * there is none, or when the directory has no backup — the seed's monthly "Backup Test Recovery". Dry-run does
 * nothing and says what it would do. Stateless and thread-safe; execution blocks on I/O.
 */
@TypeName("restore-test")
public final class RestoreTestActionType implements ActionType<RestoreTestActionType.Params> {

    /**
     * Parameters of {@code restore-test}.
     *
     * @param from the backup directory
     */
    public record Params(String from) {
    }

    @Override
    public String name() {
        return "restore-test";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "restores the newest backup to a temporary directory and integrity-checks its databases";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        if (p == null || p.from() == null || p.from().isBlank()) {
            throw new IllegalArgumentException("from: required, the backup directory");
        }
        Path dir = context.resolve(p.from());
        return Action.describedByDryRun(ctx -> execute(ctx, dir));
    }

    private static ActionResult execute(ActionContext ctx, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return ActionResult.failed("backup directory not found: " + dir);
        }
        Path newest = null;
        long best = Long.MIN_VALUE;
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                long m = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().toMillis();
                if (m > best || (m == best && newest != null && e.getFileName().toString().compareTo(newest.getFileName().toString()) > 0)) {
                    best = m;
                    newest = e;
                }
            }
        }
        if (newest == null) {
            return ActionResult.failed("no backup in " + dir);
        }
        if (ctx.dryRun()) {
            return ActionResult.dryRun("would copy " + newest + " to a temporary directory, integrity-check its "
                    + "databases and remove the copy");
        }
        Path tmp = Files.createTempDirectory("runbook-restore-test-");
        try {
            Path copy = tmp.resolve(newest.getFileName().toString());
            TreeCopy.copy(newest, copy);
            List<Path> dbs = new ArrayList<>();
            try (Stream<Path> s = Files.walk(copy)) {
                s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                    String n = f.getFileName().toString();
                    return n.endsWith(".db") || n.endsWith(".sqlite") || n.endsWith(".sqlite3");
                }).sorted().forEach(dbs::add);
            }
            if (dbs.isEmpty()) {
                return ActionResult.failed("no SQLite database in " + newest);
            }
            Duration busy = Duration.ofSeconds(5);
            List<String> ok = new ArrayList<>();
            for (Path db : dbs) {
                SqliteIntegrity.Verdict v = SqliteIntegrity.check(db, false, busy);
                String rel = copy.relativize(db).toString();
                if (v.status() != Status.OK) {
                    return ActionResult.failed("restore test of " + newest.getFileName() + " failed: " + (rel.isEmpty()
                            ? newest.getFileName().toString() : rel) + ": " + v.message());
                }
                ok.add(rel.isEmpty() ? newest.getFileName().toString() : rel);
            }
            return ActionResult.done("restored " + newest.getFileName() + " to a temporary directory; integrity ok: "
                    + String.join(", ", ok));
        } finally {
            TreeCopy.delete(tmp);
        }
    }
}

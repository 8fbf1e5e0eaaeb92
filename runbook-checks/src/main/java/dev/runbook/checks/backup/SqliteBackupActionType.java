package dev.runbook.checks.backup;

import dev.runbook.checks.sqlite.SqliteIntegrity;
import dev.runbook.core.Status;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code sqlite-backup} action: a consistent copy of a live SQLite database ({@code VACUUM INTO}, one read
 * transaction, so the copy is a snapshot even while the application writes), the {@code include} paths copied
 * alongside, then rotation to the {@code keep} newest backups.
 *
 * <pre>{@code
 * backup-now: { type: sqlite-backup, db: "${app}/backend/app.db", to: "/backups/estimator/{date}-{time}",
 *               include: ["${app}/.env", "${app}/uploads"], keep: 60 }
 * }</pre>
 *
 * <p>{@code to} is the backup entry: a directory receiving the database under its own file name and the
 * includes; when it ends in {@code .db}/{@code .sqlite} and nothing is included, the database file itself.
 * {@code {date}} is {@code yyyy-MM-dd} and {@code {time}} {@code HHmmss}, in the runbook's zone. The last path
 * component holding a placeholder is one backup: with {@code to: /backups/{date}-{time}/app.db} each backup is the
 * dated directory, created whole and rotated whole. Rotation only ever deletes siblings whose names fit that
 * component's template, never follows links. The copy is written
 * under a temporary name, quick-checked, then moved into place. Dry-run does nothing and says what it would do.
 * Stateless and thread-safe; execution blocks on I/O.
 */
@TypeName("sqlite-backup")
public final class SqliteBackupActionType implements ActionType<SqliteBackupActionType.Params> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    /**
     * Parameters of {@code sqlite-backup}.
     *
     * @param db      the live database
     * @param to      the backup entry, with {@code {date}} and {@code {time}} placeholders
     * @param include further files or directories copied into the entry
     * @param keep    how many backups to keep (older ones matching the template are removed); all if absent
     */
    public record Params(String db, String to, List<String> include, Integer keep) {
    }

    @Override
    public String name() {
        return "sqlite-backup";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "consistent online backup of a SQLite database, with extra files and rotation";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        if (p == null || p.db() == null || p.db().isBlank()) {
            throw new IllegalArgumentException("db: required, the database file");
        }
        if (p.to() == null || p.to().isBlank()) {
            throw new IllegalArgumentException("to: required, e.g. /backups/app/{date}-{time}");
        }
        if (p.keep() != null && p.keep() < 1) {
            throw new IllegalArgumentException("keep: expected 1 or more, found " + p.keep());
        }
        String name = Path.of(p.to()).getFileName() == null ? "" : Path.of(p.to()).getFileName().toString();
        int below = levelsBelowEntry(p.to());
        if (p.keep() != null && below < 0) {
            throw new IllegalArgumentException("keep: needs {date} or {time} in to (each backup's own file or directory), found '"
                    + p.to() + "'");
        }
        Path db = context.resolve(p.db());
        List<Path> include = new ArrayList<>();
        if (p.include() != null) {
            for (String s : p.include()) {
                if (s == null || s.isBlank()) {
                    throw new IllegalArgumentException("include: empty path");
                }
                include.add(context.resolve(s));
            }
        }
        boolean fileTarget = include.isEmpty() && (name.endsWith(".db") || name.endsWith(".sqlite") || name.endsWith(".sqlite3"));
        String to = p.to();
        Integer keep = p.keep();
        int levels = Math.max(below, 0);
        return Action.describedByDryRun(ctx -> execute(ctx, context, db, to, include, keep, fileTarget, levels));
    }

    /**
     * How many path components of {@code to} stand below the last one holding {@code {date}} or {@code {time}}: that
     * component is one backup's entry (a file, or a directory such as {@code /backups/{date}-{time}} in
     * {@code /backups/{date}-{time}/app.db}), created whole and rotated whole. -1 when no component has a placeholder.
     */
    static int levelsBelowEntry(String to) {
        String[] parts = to.split("/");
        int last = -1;
        int count = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.contains("{date}") || part.contains("{time}")) {
                last = count;
            }
            count++;
        }
        return last < 0 ? -1 : count - 1 - last;
    }

    private static ActionResult execute(ActionContext ctx, TypeContext tc, Path db, String toTemplate, List<Path> include,
                                        Integer keep, boolean fileTarget, int levels) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ctx.clock()).withZoneSameInstant(ctx.zone() == null ? tc.zone() : ctx.zone());
        String expanded = ctx.expand(toTemplate).replace("{date}", DATE.format(now)).replace("{time}", TIME.format(now));
        Path target = tc.resolve(expanded);
        Path entry = target;
        for (int i = 0; i < levels; i++) {
            entry = entry.getParent();
        }
        String what = db + " to " + target + (include.isEmpty() ? "" : " with " + include.size() + " included path(s)")
                + (keep == null ? "" : ", keeping the " + keep + " newest");
        if (ctx.dryRun()) {
            return ActionResult.dryRun("would back up " + what);
        }
        if (!Files.isRegularFile(db)) {
            return ActionResult.failed("database not found: " + db);
        }
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return ActionResult.failed("backup target already exists: " + entry);
        }
        for (Path inc : include) {
            if (!Files.exists(inc, LinkOption.NOFOLLOW_LINKS)) {
                return ActionResult.failed("include not found: " + inc);
            }
        }
        Path parent = entry.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path work = parent.resolve("." + entry.getFileName() + ".partial");
        TreeCopy.delete(work);
        // the whole entry is built beside it and moved into place at once: a half-made backup never fits the template
        Path workTarget = work.resolve(entry.relativize(target).toString());
        if (levels > 0) {
            Files.createDirectories(workTarget.getParent());
        }
        Path workDb = fileTarget ? workTarget : Files.createDirectories(workTarget).resolve(db.getFileName().toString());
        Duration busy = ctx.timeout() == null ? Duration.ofSeconds(30) : ctx.timeout().dividedBy(2);
        try {
            try (Connection c = SqliteIntegrity.openReadOnly(db, busy); Statement st = c.createStatement()) {
                st.execute("VACUUM INTO '" + workDb.toAbsolutePath().toString().replace("'", "''") + "'");
            } catch (SQLException e) {
                SqliteIntegrity.Verdict v = SqliteIntegrity.fromException(e, db, busy);
                return ActionResult.failed("backup of " + db + " failed: " + v.message());
            }
            SqliteIntegrity.Verdict check = SqliteIntegrity.check(workDb, true, busy);
            if (check.status() != Status.OK) {
                return ActionResult.failed("the copy of " + db + " failed its check: " + check.message());
            }
            long bytes = Files.size(workDb);
            for (Path inc : include) {
                bytes += TreeCopy.copy(inc, workTarget.resolve(inc.getFileName().toString()));
            }
            Files.move(work, entry, StandardCopyOption.ATOMIC_MOVE);
            Path entryTemplate = Path.of(toTemplate);
            for (int i = 0; i < levels; i++) {
                entryTemplate = entryTemplate.getParent();
            }
            String rotated = keep == null ? "" : rotate(parent, entryTemplate.getFileName().toString(), keep, entry);
            return ActionResult.done("backed up " + db.getFileName() + " to " + target + " ("
                    + Quantity.humanize(bytes, Unit.BYTES) + ")" + rotated);
        } finally {
            TreeCopy.delete(work);
        }
    }

    /** Removes the oldest entries of {@code parent} whose names fit the template, keeping {@code keep}. */
    static String rotate(Path parent, String template, int keep, Path just) throws IOException {
        Pattern fits = templatePattern(template);
        List<Path> entries = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(parent)) {
            for (Path e : ds) {
                if (fits.matcher(e.getFileName().toString()).matches()) {
                    entries.add(e);
                }
            }
        }
        entries.sort(Comparator.comparing((Path e) -> mtime(e)).thenComparing(e -> e.getFileName().toString()).reversed());
        int removed = 0;
        for (int i = keep; i < entries.size(); i++) {
            Path e = entries.get(i);
            if (e.equals(just) || !e.toAbsolutePath().normalize().getParent().equals(parent.toAbsolutePath().normalize())) {
                continue;
            }
            TreeCopy.delete(e);
            removed++;
        }
        return removed == 0 ? "" : "; removed " + removed + " old backup" + (removed == 1 ? "" : "s");
    }

    private static long mtime(Path e) {
        try {
            return Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).lastModifiedTime().toMillis();
        } catch (IOException ex) {
            return 0;
        }
    }

    static Pattern templatePattern(String template) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith("{date}", i)) {
                re.append("\\d{4}-\\d{2}-\\d{2}");
                i += 6;
            } else if (template.startsWith("{time}", i)) {
                re.append("\\d{6}");
                i += 6;
            } else {
                re.append(Pattern.quote(String.valueOf(template.charAt(i))));
                i++;
            }
        }
        return Pattern.compile(re.toString());
    }
}

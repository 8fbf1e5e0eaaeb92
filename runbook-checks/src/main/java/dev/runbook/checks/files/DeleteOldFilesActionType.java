package dev.runbook.checks.files;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code delete-old-files} action, in Java NIO (no {@code find}, no {@code rm}): deletes entries under
 * {@code path} last modified strictly before now − {@code older_than}. {@code entries: files} (default) takes
 * regular files at any depth; {@code entries: dirs} takes top-level directories with their contents.
 * {@code glob} filters by name (or by relative path when it contains {@code /}); {@code keep_newest: N} keeps
 * the N newest matching entries whatever their age; {@code max_delete} deletes at most that many, oldest first.
 *
 * <p>Safety: symbolic links are never followed. {@code path} is opened once per run, walking from {@code /} one
 * component at a time, and a {@code path} with a link in any component is refused with a message naming the link
 * ({@link PinnedDirectory}). The scan and every deletion then go through that one handle, opening each name below it
 * with {@code O_NOFOLLOW}: {@code path} is never resolved by name again, so swapping it, or a directory below it,
 * for a link while the cleanup runs leads nowhere outside it. A link is neither a candidate nor a way into another
 * tree; a link inside a deleted directory is removed as a link, its target untouched. {@code /} and the user's home
 * directory are refused. In dry-run
 * it lists what it would delete. Stateless and thread-safe; {@code execute} blocks while it walks and deletes,
 * and stops between entries when interrupted.
 */
@TypeName("delete-old-files")
public final class DeleteOldFilesActionType implements ActionType<DeleteOldFilesActionType.Params> {
    private static final int LISTED = 10;

    /** What to delete. YAML: {@code files}, {@code dirs}. */
    public enum Entries { FILES, DIRS }

    /**
     * Parameters of the delete-old-files action, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param path       the directory to clean
     * @param olderThan  age strictly above which entries are deleted
     * @param glob       name pattern (e.g. {@code *.log}); a pattern with '/' matches the path relative to path
     * @param entries    files (default) or dirs
     * @param keepNewest the N newest matching entries are kept whatever their age
     * @param maxDelete  delete at most this many, oldest first
     */
    public record Params(String path, Duration olderThan, String glob, Entries entries, Integer keepNewest,
            Integer maxDelete) {
    }

    @Override
    public String name() {
        return "delete-old-files";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "deletes files (or top-level dirs) under path older than older_than, never following links";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        return create(p, context, null);
    }

    /** As {@link #create(Params, TypeContext)}, with a hook run between the scan and the first deletion (tests). */
    Action create(Params p, TypeContext context, Runnable afterScan) {
        if (p.path() == null || p.path().isBlank()) {
            throw new IllegalArgumentException("delete-old-files: path is required");
        }
        Path root = context.resolve(p.path()).toAbsolutePath().normalize();
        refuseDangerous(root, p.path());
        if (p.olderThan() == null) {
            throw new IllegalArgumentException("delete-old-files: older_than is required, e.g. older_than: 30d");
        }
        if (p.olderThan().isNegative()) {
            throw new IllegalArgumentException("delete-old-files: older_than must not be negative, found " + p.olderThan());
        }
        if (p.keepNewest() != null && p.keepNewest() < 0) {
            throw new IllegalArgumentException("delete-old-files: keep_newest must be 0 or more, found " + p.keepNewest());
        }
        if (p.maxDelete() != null && p.maxDelete() < 1) {
            throw new IllegalArgumentException("delete-old-files: max_delete must be 1 or more, found " + p.maxDelete());
        }
        PathMatcher glob = null;
        boolean globOnPath = false;
        if (p.glob() != null) {
            try {
                glob = FileSystems.getDefault().getPathMatcher("glob:" + p.glob());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("delete-old-files: glob '" + p.glob() + "' is invalid: " + e.getMessage());
            }
            globOnPath = p.glob().contains("/");
        }
        Plan plan = new Plan(root, p.olderThan(), glob, globOnPath, p.entries() == null ? Entries.FILES : p.entries(),
                p.keepNewest() == null ? 0 : p.keepNewest(), p.maxDelete(), afterScan);
        return Action.describedByDryRun(plan::execute);
    }

    /** Refuses / and the home directory (also through links to them). */
    static void refuseDangerous(Path root, String given) {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        List<Path> targets = new ArrayList<>(List.of(root));
        try {
            targets.add(root.toRealPath());
        } catch (IOException e) {
            // checked again at run time
        }
        for (Path t : targets) {
            if (t.getParent() == null) {
                throw new IllegalArgumentException("delete-old-files: refusing to clean the root directory, path '"
                        + given + "'");
            }
            if (t.equals(home) || sameRealPath(t, home)) {
                throw new IllegalArgumentException("delete-old-files: refusing to clean the home directory itself, path '"
                        + given + "'; name a directory inside it");
            }
        }
    }

    private static boolean sameRealPath(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** One candidate entry: its path relative to {@code path}, modification time and size (of a directory's contents). */
    record Entry(Path rel, Instant modified, long bytes) {
    }

    /** The validated parameters, executed per run. */
    record Plan(Path root, Duration olderThan, PathMatcher glob, boolean globOnPath, Entries entries, int keepNewest,
            Integer maxDelete, Runnable afterScan) {

        ActionResult execute(ActionContext ctx) throws IOException {
            refuseDangerous(root, root.toString());
            PinnedDirectory dir;
            try {
                dir = PinnedDirectory.open(root);
            } catch (NoSuchFileException e) {
                return ActionResult.failed("path " + root + " does not exist"
                        + (root.toString().equals(e.getFile()) ? "" : " (" + e.getFile() + " is missing)"));
            } catch (PinnedDirectory.Refused e) {
                return ActionResult.failed("refusing to clean " + root + ": " + e.getMessage());
            }
            try (dir) {
                return execute(ctx, dir);
            }
        }

        private ActionResult execute(ActionContext ctx, PinnedDirectory dir) throws IOException {
            Instant cutoff = ctx.clock().instant().minus(olderThan);
            List<Entry> matching = entries == Entries.FILES ? files(dir) : dirs(dir);
            List<Entry> chosen = choose(matching, cutoff);
            int eligible = chosen.size();
            if (maxDelete != null && chosen.size() > maxDelete) {
                chosen = chosen.subList(0, maxDelete);
            }
            long bytes = chosen.stream().mapToLong(Entry::bytes).sum();
            String limited = eligible > chosen.size() ? " (max_delete " + maxDelete + "; " + (eligible - chosen.size())
                    + " more eligible)" : "";
            if (ctx.dryRun()) {
                return ActionResult.dryRun("would delete " + count(chosen.size()) + ", " + size(bytes) + limited
                        + list(chosen));
            }
            if (afterScan != null) {
                afterScan.run();
            }
            int deleted = 0;
            long freed = 0;
            List<String> errors = new ArrayList<>();
            for (Entry e : chosen) {
                if (Thread.currentThread().isInterrupted()) {
                    errors.add("interrupted");
                    break;
                }
                try {
                    dir.delete(e.rel(), entries == Entries.DIRS);
                    deleted++;
                    freed += e.bytes();
                } catch (IOException ex) {
                    errors.add(e.rel() + ": " + ex.getMessage());
                }
            }
            String msg = "deleted " + count(deleted) + ", " + size(freed) + limited;
            if (!errors.isEmpty()) {
                return ActionResult.failed(msg + "; " + errors.size() + " failed: "
                        + String.join("; ", errors.subList(0, Math.min(3, errors.size()))));
            }
            return ActionResult.done(msg);
        }

        private String count(int n) {
            return n + " " + (entries == Entries.FILES ? (n == 1 ? "file" : "files") : (n == 1 ? "directory" : "directories"));
        }

        /** Keeps the N newest aside, then the strictly older ones, oldest first. */
        List<Entry> choose(List<Entry> matching, Instant cutoff) {
            List<Entry> byNewest = new ArrayList<>(matching);
            byNewest.sort(Comparator.comparing(Entry::modified).reversed().thenComparing(Entry::rel));
            List<Entry> rest = byNewest.subList(Math.min(keepNewest, byNewest.size()), byNewest.size());
            List<Entry> out = new ArrayList<>();
            for (Entry e : rest) {
                if (e.modified().isBefore(cutoff)) {
                    out.add(e);
                }
            }
            out.sort(Comparator.comparing(Entry::modified).thenComparing(Entry::rel));
            return out;
        }

        private boolean matches(Path rel) {
            if (glob == null) {
                return true;
            }
            return glob.matches(globOnPath ? rel : rel.getFileName());
        }

        /** Regular files at any depth, walked through the pinned handle; links are neither taken nor entered. */
        private List<Entry> files(PinnedDirectory dir) throws IOException {
            List<Entry> out = new ArrayList<>();
            try (SecureDirectoryStream<Path> top = dir.openBelow(Path.of(""))) {
                walk(top, null, out);
            }
            return out;
        }

        private void walk(SecureDirectoryStream<Path> dir, Path prefix, List<Entry> out) {
            for (Path name : PinnedDirectory.names(dir)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Path rel = prefix == null ? name : prefix.resolve(name);
                try {
                    BasicFileAttributes a = PinnedDirectory.attributes(dir, name);
                    if (a.isRegularFile()) {
                        if (matches(rel)) {
                            out.add(new Entry(rel, a.lastModifiedTime().toInstant(), a.size()));
                        }
                    } else if (a.isDirectory() && !a.isSymbolicLink()) {
                        try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                            walk(sub, rel, out);
                        }
                    }
                } catch (IOException e) {
                    // vanished, unreadable, or swapped for a link since listed: skipped
                }
            }
        }

        /** Top-level directories (not links to directories), sized through the pinned handle. */
        private List<Entry> dirs(PinnedDirectory dir) throws IOException {
            List<Entry> out = new ArrayList<>();
            try (SecureDirectoryStream<Path> top = dir.openBelow(Path.of(""))) {
                for (Path name : PinnedDirectory.names(top)) {
                    BasicFileAttributes a;
                    try {
                        a = PinnedDirectory.attributes(top, name);
                    } catch (IOException e) {
                        continue;
                    }
                    if (a.isDirectory() && !a.isSymbolicLink() && matches(name)) {
                        out.add(new Entry(name, a.lastModifiedTime().toInstant(), dir.treeSize(name)));
                    }
                }
            }
            return out;
        }

        private String list(List<Entry> chosen) {
            if (chosen.isEmpty()) {
                return "";
            }
            StringBuilder b = new StringBuilder(": ");
            for (int i = 0; i < Math.min(LISTED, chosen.size()); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(root.resolve(chosen.get(i).rel()));
            }
            if (chosen.size() > LISTED) {
                b.append(", … ").append(chosen.size() - LISTED).append(" more");
            }
            return b.toString();
        }
    }

    /** Sizes as the spec writes them, 1000-based: "340 MB". */
    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = 0;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        String n = i == 0 || v >= 100 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
        return n + " " + units[i];
    }
}

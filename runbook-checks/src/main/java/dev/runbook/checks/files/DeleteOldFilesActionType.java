package dev.runbook.checks.files;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The {@code delete-old-files} action, in Java NIO (no {@code find}, no {@code rm}): deletes entries under
 * {@code path} last modified strictly before now − {@code older_than}. {@code entries: files} (default) takes
 * regular files at any depth; {@code entries: dirs} takes top-level directories with their contents.
 * {@code glob} filters by name (or by relative path when it contains {@code /}); {@code keep_newest: N} keeps
 * the N newest matching entries whatever their age; {@code max_delete} deletes at most that many, oldest first.
 *
 * <p>Safety: symbolic links are never followed (a link is neither a candidate nor a way into another tree; a link
 * inside a deleted directory is removed as a link, its target untouched; each deletion re-walks from {@code path}
 * through {@code O_NOFOLLOW} directory handles, so a directory swapped for a link after the scan is not
 * followed either); nothing outside {@code path} is
 * deleted; {@code /}, the user's home directory and a {@code path} that is itself a link are refused. In dry-run
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
                p.keepNewest() == null ? 0 : p.keepNewest(), p.maxDelete());
        return plan::execute;
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

    /** One candidate entry: its path, modification time and size (for a directory, of its contents). */
    record Entry(Path path, Instant modified, long bytes) {
    }

    /** The validated parameters, executed per run. */
    record Plan(Path root, Duration olderThan, PathMatcher glob, boolean globOnPath, Entries entries, int keepNewest,
            Integer maxDelete) {

        ActionResult execute(ActionContext ctx) throws IOException {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return ActionResult.failed("path " + root + " does not exist");
            }
            if (Files.isSymbolicLink(root)) {
                return ActionResult.failed("refusing to clean " + root + ": it is a symbolic link (give the real path)");
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                return ActionResult.failed("path " + root + " is not a directory");
            }
            refuseDangerous(root, root.toString());
            Instant cutoff = ctx.clock().instant().minus(olderThan);
            List<Entry> matching = entries == Entries.FILES ? files() : dirs();
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
            int deleted = 0;
            long freed = 0;
            List<String> errors = new ArrayList<>();
            for (Entry e : chosen) {
                if (Thread.currentThread().isInterrupted()) {
                    errors.add("interrupted");
                    break;
                }
                if (!e.path().toAbsolutePath().normalize().startsWith(root) || e.path().equals(root)) {
                    errors.add(e.path() + " is outside " + root);
                    continue;
                }
                try {
                    deleteBelow(root, e.path(), entries == Entries.DIRS);
                    deleted++;
                    freed += e.bytes();
                } catch (IOException ex) {
                    errors.add(root.relativize(e.path()) + ": " + ex.getMessage());
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
            byNewest.sort(Comparator.comparing(Entry::modified).reversed().thenComparing(Entry::path));
            List<Entry> rest = byNewest.subList(Math.min(keepNewest, byNewest.size()), byNewest.size());
            List<Entry> out = new ArrayList<>();
            for (Entry e : rest) {
                if (e.modified().isBefore(cutoff)) {
                    out.add(e);
                }
            }
            out.sort(Comparator.comparing(Entry::modified).thenComparing(Entry::path));
            return out;
        }

        private boolean matches(Path p) {
            if (glob == null) {
                return true;
            }
            return glob.matches(globOnPath ? root.relativize(p) : p.getFileName());
        }

        private List<Entry> files() throws IOException {
            List<Entry> out = new ArrayList<>();
            // no FOLLOW_LINKS: links are reported as links, never entered
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                            if (a.isRegularFile() && matches(file)) {
                                out.add(new Entry(file, a.lastModifiedTime().toInstant(), a.size()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
            return out;
        }

        private List<Entry> dirs() throws IOException {
            List<Entry> out = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                for (Path p : ds) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isDirectory() && !a.isSymbolicLink() && matches(p)) {
                        out.add(new Entry(p, a.lastModifiedTime().toInstant(), treeSize(p)));
                    }
                }
            }
            return out;
        }
    }

    static long treeSize(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isRegularFile()) {
                    total[0] += a.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /**
     * Deletes {@code target} (a regular file, or with {@code tree} a directory and its contents) found under
     * {@code root}, re-walking the way down from {@code root} through directory handles opened with
     * {@code O_NOFOLLOW} ({@link SecureDirectoryStream}): if any component was replaced by a symbolic link since the
     * scan, the deletion fails instead of following it. Falls back to path-based deletion where the platform has no
     * secure directory streams.
     */
    static void deleteBelow(Path root, Path target, boolean tree) throws IOException {
        Path rel = root.relativize(target);
        if (rel.getNameCount() == 0 || rel.startsWith("..")) {
            throw new IOException("not below " + root);
        }
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream)) {
            top.close();
            if (tree) {
                deleteTree(target);
            } else {
                Files.delete(target);
            }
            return;
        }
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        opened.add((SecureDirectoryStream<Path>) top);
        try {
            SecureDirectoryStream<Path> cur = opened.get(0);
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                cur = cur.newDirectoryStream(rel.getName(i), LinkOption.NOFOLLOW_LINKS);
                opened.add(cur);
            }
            Path name = rel.getFileName();
            BasicFileAttributes a = cur.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (tree) {
                if (!a.isDirectory() || a.isSymbolicLink()) {
                    throw new IOException("no longer a directory");
                }
                deleteTreeSecurely(cur, name);
            } else {
                if (!a.isRegularFile()) {
                    throw new IOException("no longer a regular file");
                }
                cur.deleteFile(name);
            }
        } finally {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        }
    }

    private static void deleteTreeSecurely(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children = new ArrayList<>();
            for (Path child : dir) {
                children.add(child.getFileName());
            }
            for (Path child : children) {
                BasicFileAttributes a = dir.getFileAttributeView(child, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (a.isDirectory() && !a.isSymbolicLink()) {
                    deleteTreeSecurely(dir, child);
                } else {
                    dir.deleteFile(child); // a link is removed as a link
                }
            }
        }
        parent.deleteDirectory(name);
    }

    /** Deletes a directory and its contents without following links (a link is deleted, not its target). */
    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
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

    private static String list(List<Entry> chosen) {
        if (chosen.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(": ");
        for (int i = 0; i < Math.min(LISTED, chosen.size()); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(chosen.get(i).path());
        }
        if (chosen.size() > LISTED) {
            b.append(", … ").append(chosen.size() - LISTED).append(" more");
        }
        return b.toString();
    }
}

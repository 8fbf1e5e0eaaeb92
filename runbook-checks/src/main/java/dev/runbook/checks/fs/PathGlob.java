package dev.runbook.checks.fs;

import dev.runbook.checks.access.FileAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A path the user wrote that may be a glob ({@code /var/log/estimator/*.log}, {@code logs/**}{@code /app-*.log}):
 * the fixed directory prefix is walked and every regular file matching the whole pattern is returned, sorted.
 * Used by the {@code file}, {@code log} and {@code access-log} checks. Immutable and thread-safe; {@link #files()}
 * blocks on directory reads.
 */
public final class PathGlob {
    private final Path literal;
    private final Path base;
    private final PathMatcher matcher;
    private final int depth;
    private final String text;

    private PathGlob(Path literal, Path base, PathMatcher matcher, int depth, String text) {
        this.literal = literal;
        this.base = base;
        this.matcher = matcher;
        this.depth = depth;
        this.text = text;
    }

    /** True if the text has glob characters. */
    public static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** A glob (or plain path) already resolved to an absolute path text. */
    public static PathGlob of(Path resolved) {
        String s = resolved.toString();
        if (!isGlob(s)) {
            return new PathGlob(resolved, null, null, 0, s);
        }
        Path p = resolved;
        Path base = p.getRoot() == null ? Path.of("") : p.getRoot();
        int i = 0;
        int n = p.getNameCount();
        for (; i < n; i++) {
            String seg = p.getName(i).toString();
            if (isGlob(seg)) {
                break;
            }
            base = base.resolve(seg);
        }
        int depth = s.contains("**") ? Integer.MAX_VALUE : n - i;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + s);
        return new PathGlob(null, base, m, depth, s);
    }

    /** The text as given. */
    public String text() {
        return text;
    }

    /** True for a plain path. */
    public boolean isLiteral() {
        return literal != null;
    }

    /**
     * The matching regular files (for a plain path: the path itself if it exists, whatever its kind), sorted by
     * name. A missing base directory gives an empty list.
     *
     * @throws FileAccess.Denied a directory on the way cannot be entered or listed, or the plain path cannot be
     *                           read, by this user (contract §1 [1.1]: UNKNOWN, not "not found")
     */
    public List<Path> files() throws IOException {
        if (literal != null) {
            FileAccess.require(literal, false);
            return Files.exists(literal) ? List.of(literal) : List.of();
        }
        FileAccess.require(base);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(base, depth)) {
            s.filter(f -> matcher.matches(f) && Files.isRegularFile(f)).forEach(out::add);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.AccessDeniedException denied) {
                throw new FileAccess.Denied(Path.of(denied.getFile()), FileAccess.explain(denied));
            }
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Entries directly inside a directory (files and directories, not following links), or empty if missing. */
    public static List<Path> entries(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        FileAccess.require(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        }
        return out;
    }
}

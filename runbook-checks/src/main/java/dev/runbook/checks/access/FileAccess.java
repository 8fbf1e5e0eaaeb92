package dev.runbook.checks.access;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a missing path from one the user may not reach (contract §1 [1.1]): a permission failure is
 * {@code UNKNOWN} "permission denied: …" with the path and the missing permission, never {@code CRITICAL}
 * "not found". Every file-reading check type ({@code file}, {@code log}, {@code access-log}, {@code backup},
 * {@code tls} with {@code file}, {@code sqlite}, {@code disk}) asks {@link #denied} before it says "not found", and
 * is {@link #guarded} so that a read refused later (an unreadable file found by a glob) reads the same way.
 * Stateless.
 */
public final class FileAccess {
    private FileAccess() {
    }

    /** A path the user may not reach or read; its message says which path and which permission is missing. */
    public static final class Denied extends AccessDeniedException {
        private static final long serialVersionUID = 1L;

        /** A denial of {@code path}, {@code message} saying which permission is missing. */
        public Denied(Path path, String message) {
            super(path.toString(), null, message);
        }

        @Override
        public String getMessage() {
            return getReason();
        }
    }

    /**
     * Why {@code path} cannot be looked at by this process, or null when nothing is in the way (it exists and is
     * readable, or it is truly missing). Walks from the root: the first directory on the way without search
     * (x) permission is named; then an existing file without read permission, or a directory without read (r)
     * permission, which cannot be listed.
     */
    public static String denied(Path path) {
        return denied(path, true);
    }

    /**
     * {@link #denied(Path)}; with {@code read} false only the way to {@code path} is looked at (enough to read
     * its attributes: age, size), not whether its content can be read or listed.
     */
    public static String denied(Path path, boolean read) {
        Path abs = path.toAbsolutePath().normalize();
        Path at = abs.getRoot();
        for (Path part : abs) {
            if (at != null && Files.isDirectory(at) && !Files.isExecutable(at)) {
                return "permission denied: cannot enter " + at + " (no search (x) permission on the directory"
                        + who() + ")";
            }
            at = at == null ? part : at.resolve(part);
            if (!Files.exists(at)) {
                return null;
            }
        }
        if (!read) {
            return null;
        }
        if (Files.isDirectory(abs)) {
            if (!Files.isReadable(abs)) {
                return "permission denied: cannot list " + abs + " (no read (r) permission on the directory" + who() + ")";
            }
            if (!Files.isExecutable(abs)) {
                return "permission denied: cannot enter " + abs + " (no search (x) permission on the directory"
                        + who() + ")";
            }
            return null;
        }
        if (!Files.isReadable(abs)) {
            return "permission denied: cannot read " + abs + " (no read (r) permission on the file" + who() + ")";
        }
        return null;
    }

    /** Throws {@link Denied} when {@link #denied} finds something in the way of {@code path}. */
    public static void require(Path path) throws Denied {
        require(path, true);
    }

    /** Throws {@link Denied} when {@link #denied(Path, boolean)} finds something in the way of {@code path}. */
    public static void require(Path path, boolean read) throws Denied {
        String why = denied(path, read);
        if (why != null) {
            throw new Denied(path, why);
        }
    }

    /** The message for a refused read: the {@link #denied} explanation, else the path and "permission denied". */
    public static String explain(AccessDeniedException e) {
        if (e instanceof Denied) {
            return e.getMessage();
        }
        String file = e.getFile();
        String why = file == null ? null : denied(Path.of(file));
        return why != null ? why : "permission denied: cannot read " + file + who();
    }

    /** {@code check}, with a refused read turned into UNKNOWN with the path and the missing permission. */
    public static Check guarded(Check check) {
        return ctx -> {
            try {
                return check.run(ctx);
            } catch (AccessDeniedException e) {
                return CheckResult.unknown(explain(e));
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof AccessDeniedException a) {
                    return CheckResult.unknown(explain(a));
                }
                throw e;
            }
        };
    }

    private static String who() {
        String user = System.getProperty("user.name");
        return user == null || user.isEmpty() ? "" : " for user " + user;
    }
}

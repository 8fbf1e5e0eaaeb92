package dev.runbook.checks.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory opened once, walking from {@code /} one component at a time and refusing a symbolic link in any
 * component, then used only through its handle: every later operation is relative to that handle and opens each
 * name below it with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}). The directory is never resolved by name
 * again, so swapping it (or any directory below it) for a link while a cleanup runs cannot lead the cleanup
 * outside it.
 *
 * <p>Not thread-safe: one cleanup run owns one instance and closes it. Every call blocks on file-system I/O.
 */
final class PinnedDirectory implements AutoCloseable {

    /** Why a directory could not be opened; its message names the offending path. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Path path;
    private final SecureDirectoryStream<Path> handle;

    private PinnedDirectory(Path path, SecureDirectoryStream<Path> handle) {
        this.path = path;
        this.handle = handle;
    }

    /**
     * Opens {@code dir} (absolute, normalized) from {@code /}, refusing a symbolic link in any component.
     *
     * @throws Refused             a component is a link, not a directory, or the platform has no secure handles
     * @throws NoSuchFileException a component does not exist
     */
    static PinnedDirectory open(Path dir) throws IOException {
        if (!dir.isAbsolute() || !dir.equals(dir.normalize())) {
            throw new IllegalArgumentException("not an absolute, normalized path: " + dir);
        }
        Path top = dir.getRoot();
        DirectoryStream<Path> first = Files.newDirectoryStream(top);
        if (!(first instanceof SecureDirectoryStream)) {
            first.close();
            throw new Refused("this platform has no secure directory handles (openat with O_NOFOLLOW); "
                    + "refusing to delete anything under " + dir);
        }
        SecureDirectoryStream<Path> cur = (SecureDirectoryStream<Path>) first;
        Path walked = top;
        try {
            for (Path name : dir) {
                walked = walked.resolve(name);
                BasicFileAttributes a;
                try {
                    a = cur.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                } catch (NoSuchFileException e) {
                    throw new NoSuchFileException(walked.toString());
                }
                if (a.isSymbolicLink()) {
                    throw new Refused(walked + " is a symbolic link" + (walked.equals(dir) ? ""
                            : " (a component of " + dir + ")") + "; give the real path");
                }
                if (!a.isDirectory()) {
                    throw new Refused(walked + " is not a directory");
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = cur.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    // swapped for a link between the check and the open: O_NOFOLLOW refused it
                    throw new Refused(walked + " could not be opened without following links: " + reason(e));
                }
                cur.close();
                cur = next;
            }
            return new PinnedDirectory(dir, cur);
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    /** The path this directory had when it was opened; for messages only, never opened again. */
    Path path() {
        return path;
    }

    /** A fresh handle on the pinned directory itself (a stream can be listed once), or on a directory below it. */
    SecureDirectoryStream<Path> openBelow(Path rel) throws IOException {
        SecureDirectoryStream<Path> cur = handle.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS);
        try {
            for (Path name : rel) {
                if (name.toString().isEmpty()) {
                    continue;
                }
                if (name.toString().equals("..")) {
                    throw new IOException("'..' in " + rel);
                }
                SecureDirectoryStream<Path> next = cur.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                cur.close();
                cur = next;
            }
            return cur;
        } catch (IOException | RuntimeException e) {
            cur.close();
            throw e;
        }
    }

    /** Attributes of {@code name} in {@code dir}, not following a link. */
    static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    /** The names in {@code dir}, consuming its one listing. */
    static List<Path> names(SecureDirectoryStream<Path> dir) {
        List<Path> out = new ArrayList<>();
        for (Path p : dir) {
            out.add(p.getFileName());
        }
        return out;
    }

    /**
     * Deletes {@code rel} below this directory: a regular file, or with {@code tree} a directory and its
     * contents. Each component is opened relative to the handle without following links, so a component replaced
     * by a link since the scan makes the deletion fail instead of following it.
     */
    void delete(Path rel, boolean tree) throws IOException {
        if (rel.getNameCount() == 0 || rel.isAbsolute() || rel.toString().isEmpty()) {
            throw new IOException("not below " + path + ": " + rel);
        }
        Path parent = rel.getParent();
        try (SecureDirectoryStream<Path> dir = openBelow(parent == null ? Path.of("") : parent)) {
            Path name = rel.getFileName();
            BasicFileAttributes a = attributes(dir, name);
            if (tree) {
                if (!a.isDirectory() || a.isSymbolicLink()) {
                    throw new IOException("no longer a directory");
                }
                deleteTree(dir, name);
            } else {
                if (!a.isRegularFile()) {
                    throw new IOException("no longer a regular file");
                }
                dir.deleteFile(name);
            }
        }
    }

    private static void deleteTree(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path child : names(dir)) {
                BasicFileAttributes a = attributes(dir, child);
                if (a.isDirectory() && !a.isSymbolicLink()) {
                    deleteTree(dir, child);
                } else {
                    dir.deleteFile(child); // a link is removed as a link
                }
            }
        }
        parent.deleteDirectory(name);
    }

    /** Total size of the regular files in the tree {@code rel}, never following links. */
    long treeSize(Path rel) throws IOException {
        try (SecureDirectoryStream<Path> dir = openBelow(rel)) {
            return treeSize(dir);
        }
    }

    private static long treeSize(SecureDirectoryStream<Path> dir) throws IOException {
        long total = 0;
        for (Path child : names(dir)) {
            try {
                BasicFileAttributes a = attributes(dir, child);
                if (a.isRegularFile()) {
                    total += a.size();
                } else if (a.isDirectory() && !a.isSymbolicLink()) {
                    try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(child, LinkOption.NOFOLLOW_LINKS)) {
                        total += treeSize(sub);
                    }
                }
            } catch (IOException e) {
                // vanished or unreadable: not counted
            }
        }
        return total;
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
    }

    @Override
    public void close() throws IOException {
        handle.close();
    }
}

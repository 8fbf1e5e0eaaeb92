package dev.runbook.incidents.notifier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code file} notifier's archive: a JSON-lines file that only ever holds complete lines. Each record is one
 * {@code write} of a whole line at the end of the file, under an exclusive file lock (several processes may share
 * the file). A write that fails or falls short (disk full) is cut off again at once, and before anything is
 * appended a torn last line (left by a process that died mid-write) is truncated back to the last complete line.
 * The file is created with mode 0600 and a wider mode is narrowed. Stateless; callers in one process serialize
 * their calls (the file lock is per process); every call blocks on file I/O.
 */
final class ArchiveFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int TAIL_CHUNK = 8192;

    private ArchiveFile() {
    }

    /** Appends {@code line}, which must end with a newline, as one write; on failure nothing of it stays. */
    static void append(Path file, byte[] line) throws IOException {
        if (line.length == 0 || line[line.length - 1] != '\n') {
            throw new IllegalArgumentException("an archive record must be one line ending with a newline");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        createOwnerOnly(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            long end = lastCompleteLine(ch);
            if (end < ch.size()) {
                ch.truncate(end);
            }
            int written = 0;
            try {
                written = ch.write(ByteBuffer.wrap(line), end);
            } catch (IOException e) {
                cutBack(ch, end, e);
                throw e;
            }
            if (written != line.length) {
                IOException e = new IOException("wrote " + written + " of " + line.length + " bytes to " + file
                        + " (disk full?); the partial line was removed");
                cutBack(ch, end, e);
                throw e;
            }
        }
    }

    private static void cutBack(FileChannel ch, long end, IOException cause) {
        try {
            ch.truncate(end);
        } catch (IOException again) {
            cause.addSuppressed(again); // the next append truncates the torn line before writing
        }
    }

    /** The size of the file up to and including its last newline (0 when it has none). */
    static long lastCompleteLine(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = size;
        ByteBuffer buf = ByteBuffer.allocate(TAIL_CHUNK);
        while (pos > 0) {
            int n = (int) Math.min(TAIL_CHUNK, pos);
            buf.clear().limit(n);
            long from = pos - n;
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
            Set<PosixFilePermission> narrowed = EnumSet.copyOf(now);
            narrowed.retainAll(OWNER_ONLY);
            if (!narrowed.equals(now)) {
                Files.setPosixFilePermissions(file, narrowed);
            }
        }
    }
}

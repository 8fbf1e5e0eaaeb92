package dev.runbook.checks.system;

import com.sun.jna.platform.linux.LibC;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code statvfs} figures of one file system in bytes and inodes, as {@code df} uses them. Read through JNA's
 * libc binding; where that is unavailable, through the JDK's {@link FileStore} (no inode counts). Immutable.
 *
 * @param usedBytes   blocks in use (total − free) in bytes
 * @param availBytes  bytes available to unprivileged users
 * @param inodesUsed  inodes in use, -1 if unknown
 * @param inodesAvail inodes available to unprivileged users, -1 if unknown
 */
record FileSystemUsage(long totalBytes, long usedBytes, long availBytes, long inodesUsed, long inodesAvail) {
    private static volatile boolean nativeBroken;
    /** One native buffer per thread: allocating and freeing one per call would cost more than the call itself. */
    private static final ThreadLocal<LibC.Statvfs> BUFFER = new ThreadLocal<>();

    /** used / (used + available), as df computes Use%; NaN if both are 0. */
    double usedPercent() {
        long d = usedBytes + availBytes;
        return d <= 0 ? Double.NaN : 100.0 * usedBytes / d;
    }

    /** inodes used / (used + available), NaN if the file system gives no inode counts. */
    double inodesUsedPercent() {
        if (inodesUsed < 0 || inodesAvail < 0 || inodesUsed + inodesAvail == 0) {
            return Double.NaN;
        }
        return 100.0 * inodesUsed / (inodesUsed + inodesAvail);
    }

    /** Reads the figures of the file system holding {@code path}. */
    static FileSystemUsage of(Path path) throws IOException {
        if (!nativeBroken) {
            try {
                LibC.Statvfs s = BUFFER.get();
                if (s == null) {
                    s = new LibC.Statvfs();
                    BUFFER.set(s);
                }
                if (LibC.INSTANCE.statvfs(path.toString(), s) != 0) {
                    throw new IOException("statvfs failed for " + path);
                }
                return fromStatvfs(s.f_frsize.longValue(), s.f_blocks.longValue(), s.f_bfree.longValue(),
                        s.f_bavail.longValue(), s.f_files.longValue(), s.f_ffree.longValue(), s.f_favail.longValue());
            } catch (LinkageError e) {
                nativeBroken = true;
            }
        }
        FileStore fs = Files.getFileStore(path);
        long total = fs.getTotalSpace();
        long used = total - fs.getUnallocatedSpace();
        return new FileSystemUsage(total, used, fs.getUsableSpace(), -1, -1);
    }

    /** The df arithmetic on raw statvfs fields. */
    static FileSystemUsage fromStatvfs(long frsize, long blocks, long bfree, long bavail, long files, long ffree,
            long favail) {
        long used = (blocks - bfree) * frsize;
        long inodesUsed = files > 0 ? files - ffree : -1;
        long inodesAvail = files > 0 ? favail : -1;
        return new FileSystemUsage(blocks * frsize, used, bavail * frsize, inodesUsed, inodesAvail);
    }
}

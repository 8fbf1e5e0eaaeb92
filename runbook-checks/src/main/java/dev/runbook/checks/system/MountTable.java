package dev.runbook.checks.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount table ({@code /proc/self/mounts}), read once and kept for a minute, so a disk check does not re-read
 * it (or fork {@code lsblk}, as OSHI's {@code getFileStores()} does) on every run. Thread-safe.
 */
final class MountTable {
    private static final long MAX_AGE_NANOS = 60_000_000_000L;

    /** One mounted file system. */
    record Mount(String device, String mountPoint, String fsType) {
    }

    private final Path source;
    private volatile List<Mount> mounts;
    private volatile long readAt;

    MountTable(Path source) {
        this.source = source;
    }

    /** The mount whose mount point is the longest prefix of {@code realPath}, or null. */
    Mount holding(Path realPath) {
        List<Mount> m = mounts;
        long now = System.nanoTime();
        if (m == null || now - readAt > MAX_AGE_NANOS) {
            try {
                m = parse(ProcFiles.text(source));
            } catch (IOException e) {
                m = List.of();
            }
            mounts = m;
            readAt = now;
        }
        return holding(m, realPath.toString());
    }

    static Mount holding(List<Mount> mounts, String path) {
        Mount best = null;
        for (Mount mt : mounts) {
            String mp = mt.mountPoint();
            boolean prefix = path.equals(mp) || mp.equals("/")
                    || (path.startsWith(mp) && path.length() > mp.length() && path.charAt(mp.length()) == '/');
            // the last of equal mount points wins: it is the one on top
            if (prefix && (best == null || mp.length() >= best.mountPoint().length())) {
                best = mt;
            }
        }
        return best;
    }

    /** Parses /proc/mounts text, decoding the octal escapes ({@code \040} for a space). */
    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 3) {
                out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2]));
            }
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

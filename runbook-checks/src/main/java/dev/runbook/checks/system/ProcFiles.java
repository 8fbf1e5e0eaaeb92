package dev.runbook.checks.system;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Cheap reads of small kernel files (/proc, /sys), which report a size of 0. Thread-safe. */
final class ProcFiles {
    private ProcFiles() {
    }

    /** All bytes of a small pseudo file. */
    static byte[] bytes(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            byte[] buf = new byte[4096];
            int len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }

    static String text(Path file) throws IOException {
        return new String(bytes(file), StandardCharsets.ISO_8859_1);
    }
}

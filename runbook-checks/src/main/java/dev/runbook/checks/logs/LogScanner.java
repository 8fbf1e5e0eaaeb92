package dev.runbook.checks.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Streams a file's lines from an offset through a fixed-size buffer (bounded memory whatever the file size),
 * handing a sink only the lines that contain a literal when one is given (found with a byte-level scan, so lines
 * without it are never decoded). Public for the benchmarks. Not thread-safe (one scan per instance); blocks on
 * file reads.
 */
public final class LogScanner {
    /** Receives a line as bytes {@code [start, end)} without its newline. */
    @FunctionalInterface
    public interface LineSink {
        void line(byte[] buf, int start, int end);
    }

    private static final int MAX_BUFFER = 64 * 1024 * 1024;
    private final int maxBuffer;
    private byte[] buf;

    /** A scanner with a buffer of {@code bufferSize} bytes (grows only for longer lines, up to 64 MiB). */
    public LogScanner(int bufferSize) {
        this(bufferSize, MAX_BUFFER);
    }

    LogScanner(int bufferSize, int maxBuffer) {
        this.buf = new byte[bufferSize];
        this.maxBuffer = maxBuffer;
    }

    /** A scanner with a 1 MiB buffer. */
    public LogScanner() {
        this(1 << 20);
    }

    /**
     * Scans {@code file} from {@code from}.
     *
     * @param literal      only lines containing it are handed on; null for every line
     * @param partialTail  also hand on a last line without a newline (else it is left for the next run)
     * @return the offset just after the last line consumed
     */
    public long scan(Path file, long from, LiteralPrefilter literal, boolean partialTail, LineSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(ch, from, literal, partialTail, sink);
        }
    }

    /** As {@link #scan(Path, long, LiteralPrefilter, boolean, LineSink)} on an open channel. */
    public long scan(FileChannel ch, long from, LiteralPrefilter literal, boolean partialTail, LineSink sink)
            throws IOException {
        long pos = from;
        int filled = 0;
        boolean eof = false;
        while (!eof) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("log scan interrupted at offset " + pos);
            }
            ByteBuffer bb = ByteBuffer.wrap(buf, filled, buf.length - filled);
            int n = ch.read(bb, pos + filled);
            if (n < 0) {
                eof = true;
                n = 0;
            }
            filled += n;
            int end = filled;
            if (!eof) {
                int lastNl = lastNewline(buf, filled);
                if (lastNl < 0) {
                    if (filled == buf.length) {
                        if (buf.length >= maxBuffer) {
                            // an absurdly long line: hand on its first 64 MiB as the line and skip the rest of it
                            if (literal == null || literal.containedIn(buf, 0, filled)) {
                                sink.line(buf, 0, filled);
                            }
                            pos += filled;
                            filled = 0;
                            pos = skipPastNewline(ch, pos);
                            continue;
                        } else {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                            continue;
                        }
                    } else {
                        continue;
                    }
                } else {
                    end = lastNl + 1;
                }
            }
            int consumed = process(buf, end, literal, eof && partialTail, sink);
            pos += consumed;
            if (eof) {
                break;
            }
            System.arraycopy(buf, consumed, buf, 0, filled - consumed);
            filled -= consumed;
        }
        return pos;
    }

    /** The offset just after the next newline at or after {@code pos} (or the end of the file). */
    private long skipPastNewline(FileChannel ch, long pos) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long p = pos;
        while (true) {
            bb.clear();
            int n = ch.read(bb, p);
            if (n <= 0) {
                return p;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    return p + i + 1;
                }
            }
            p += n;
        }
    }

    private static int lastNewline(byte[] b, int to) {
        for (int i = to - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Hands on lines in {@code [0, end)}; returns the bytes consumed (complete lines, plus the tail if allowed). */
    private static int process(byte[] b, int end, LiteralPrefilter literal, boolean tail, LineSink sink) {
        int lastComplete = lastNewline(b, end) + 1;
        if (literal == null) {
            int start = 0;
            while (start < lastComplete) {
                int nl = indexOfNewline(b, start, lastComplete);
                sink.line(b, start, trimCr(b, start, nl));
                start = nl + 1;
            }
        } else {
            int at = 0;
            while (at < lastComplete) {
                int hit = literal.indexOf(b, at, lastComplete);
                if (hit < 0) {
                    break;
                }
                int ls = hit;
                while (ls > at && b[ls - 1] != '\n') {
                    ls--;
                }
                int nl = indexOfNewline(b, hit, lastComplete);
                sink.line(b, ls, trimCr(b, ls, nl));
                at = nl + 1;
            }
        }
        if (tail && lastComplete < end) {
            if (literal == null || literal.containedIn(b, lastComplete, end)) {
                sink.line(b, lastComplete, trimCr(b, lastComplete, end));
            }
            return end;
        }
        return lastComplete;
    }

    private static int indexOfNewline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return to;
    }

    private static int trimCr(byte[] b, int start, int end) {
        return end > start && b[end - 1] == '\r' ? end - 1 : end;
    }
}

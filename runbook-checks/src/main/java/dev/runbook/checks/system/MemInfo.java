package dev.runbook.checks.system;

/**
 * The figures of {@code /proc/meminfo} the {@code memory} check needs, in bytes; -1 where absent. Immutable.
 */
record MemInfo(long total, long available, long free, long buffers, long cached, long swapTotal, long swapFree) {

    /** Parses /proc/meminfo text ({@code MemTotal:  16314336 kB}). */
    static MemInfo parse(String text) {
        long total = -1, available = -1, free = -1, buffers = -1, cached = -1, swapTotal = -1, swapFree = -1;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            char c = text.charAt(pos);
            if (c == 'M' || c == 'B' || c == 'C' || c == 'S') {
                if (text.startsWith("MemTotal:", pos)) {
                    total = value(text, pos + 9, eol);
                } else if (text.startsWith("MemAvailable:", pos)) {
                    available = value(text, pos + 13, eol);
                } else if (text.startsWith("MemFree:", pos)) {
                    free = value(text, pos + 8, eol);
                } else if (text.startsWith("Buffers:", pos)) {
                    buffers = value(text, pos + 8, eol);
                } else if (text.startsWith("Cached:", pos)) {
                    cached = value(text, pos + 7, eol);
                } else if (text.startsWith("SwapTotal:", pos)) {
                    swapTotal = value(text, pos + 10, eol);
                } else if (text.startsWith("SwapFree:", pos)) {
                    swapFree = value(text, pos + 9, eol);
                }
            }
            pos = eol + 1;
        }
        return new MemInfo(total, available, free, buffers, cached, swapTotal, swapFree);
    }

    private static long value(String text, int from, int to) {
        long v = 0;
        boolean digits = false;
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits = true;
        }
        if (!digits) {
            return -1;
        }
        return text.startsWith(" kB", i) ? v * 1024 : v;
    }

    /** Available memory: MemAvailable, or on kernels before 3.14 MemFree + Buffers + Cached. */
    long availableEstimate() {
        if (available >= 0) {
            return available;
        }
        if (free < 0) {
            return -1;
        }
        return free + Math.max(0, buffers) + Math.max(0, cached);
    }
}

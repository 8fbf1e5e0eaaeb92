package dev.runbook.checks.logs;

/**
 * Distinct clients counted by a 64-bit hash of their bytes in an open-addressing table: no string per line. Two
 * different clients collide with probability about n²/2⁶⁴ (negligible). Not thread-safe.
 */
final class ClientSet {
    private long[] table = new long[1024];
    private int size;
    private boolean hasZero;

    void add(byte[] b, int start, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < end; i++) {
            h ^= b[i];
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        add(h);
    }

    void add(long h) {
        if (h == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            return;
        }
        int mask = table.length - 1;
        int i = (int) h & mask;
        while (true) {
            long v = table[i];
            if (v == h) {
                return;
            }
            if (v == 0) {
                table[i] = h;
                if (++size * 2 > table.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long v : old) {
            if (v != 0) {
                int i = (int) v & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
            }
        }
    }

    int size() {
        return size;
    }
}

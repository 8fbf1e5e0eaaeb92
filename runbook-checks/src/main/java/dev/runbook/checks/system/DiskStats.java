package dev.runbook.checks.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of block devices from {@code /proc/diskstats}: sectors (512 bytes) read and written and milliseconds
 * spent doing I/O. Pure parsing; immutable values.
 */
final class DiskStats {

    /** One device's cumulative counters. */
    record Counters(long sectorsRead, long sectorsWritten, long ioMillis) {
        String encode() {
            return sectorsRead + "," + sectorsWritten + "," + ioMillis;
        }

        static Counters decode(String s) {
            String[] f = s.split(",");
            return new Counters(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }

    /** Throughput and busy time of one device over an interval. */
    record Rates(double utilization, double readBytesPerSecond, double writeBytesPerSecond) {
    }

    private DiskStats() {
    }

    /** Counters by device name, in file order. */
    static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // major minor name reads rmerged sectors_read ms_read writes wmerged sectors_written ms_write inflight io_ms ...
            if (f.length >= 13) {
                try {
                    out.put(f[2], new Counters(Long.parseLong(f[5]), Long.parseLong(f[9]), Long.parseLong(f[12])));
                } catch (NumberFormatException e) {
                    // not a device line
                }
            }
        }
        return out;
    }

    /** Rates between two samples {@code seconds} apart; null if counters went back (device replaced). */
    static Rates rates(Counters before, Counters after, double seconds) {
        long r = after.sectorsRead - before.sectorsRead;
        long w = after.sectorsWritten - before.sectorsWritten;
        long io = after.ioMillis - before.ioMillis;
        if (r < 0 || w < 0 || io < 0 || seconds <= 0) {
            return null;
        }
        double util = Math.min(100.0, 100.0 * io / (seconds * 1000.0));
        return new Rates(util, r * 512.0 / seconds, w * 512.0 / seconds);
    }

    /** Encodes a sample (time and counters of the chosen devices) for the check's state. */
    static String encode(long millis, Map<String, Counters> devices) {
        StringBuilder b = new StringBuilder().append(millis);
        devices.forEach((k, v) -> b.append(';').append(k).append('=').append(v.encode()));
        return b.toString();
    }

    /** The time of an encoded sample; its counters are put into {@code into}. -1 if unreadable. */
    static long decode(String s, Map<String, Counters> into) {
        try {
            String[] parts = s.split(";");
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                into.put(parts[i].substring(0, eq), Counters.decode(parts[i].substring(eq + 1)));
            }
            return Long.parseLong(parts[0]);
        } catch (RuntimeException e) {
            into.clear();
            return -1;
        }
    }
}

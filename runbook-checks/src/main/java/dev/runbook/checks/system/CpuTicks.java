package dev.runbook.checks.system;

/**
 * Aggregate CPU ticks from the first line of {@code /proc/stat}: the total and the idle part (idle + iowait).
 * Immutable.
 */
record CpuTicks(long total, long idle) {

    /** Parses the {@code cpu } line of /proc/stat text; null if absent. */
    static CpuTicks parse(String procStat) {
        int at = procStat.startsWith("cpu ") ? 0 : procStat.indexOf("\ncpu ") + 1;
        if (at < 0 || !procStat.startsWith("cpu ", at)) {
            return null;
        }
        int end = procStat.indexOf('\n', at);
        String[] f = procStat.substring(at + 4, end < 0 ? procStat.length() : end).trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
        for (int i = 0; i < Math.min(f.length, 8); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 3 || i == 4) {
                idle += v;
            }
        }
        return new CpuTicks(total, idle);
    }

    /** Busy percentage between an earlier sample and this one, or NaN if no ticks passed or the counters went back. */
    double usageSince(CpuTicks earlier) {
        long dt = total - earlier.total;
        long di = idle - earlier.idle;
        if (dt <= 0 || di < 0 || di > dt) {
            return Double.NaN;
        }
        return 100.0 * (dt - di) / dt;
    }

    String encode() {
        return total + "," + idle;
    }

    static CpuTicks decode(String s) {
        try {
            int c = s.indexOf(',');
            return new CpuTicks(Long.parseLong(s.substring(0, c)), Long.parseLong(s.substring(c + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}

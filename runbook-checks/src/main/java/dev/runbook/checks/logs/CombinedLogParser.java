package dev.runbook.checks.logs;

/**
 * A hand-written parser for one line of the Apache/nginx "combined" format, optionally with {@code %D} (the
 * request duration in microseconds) as the last field:
 *
 * <pre>{@code
 * 127.0.0.1 - frank [28/Nov/2026:09:00:01 +0900] "GET /api HTTP/1.1" 200 2326 "-" "curl/8.0" 123456
 * }</pre>
 *
 * No regex and no allocation per line: it reads the bytes in place and leaves its findings in fields. Public
 * for the benchmarks. Not thread-safe: one instance per scan.
 */
public final class CombinedLogParser {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private final boolean withDuration;

    /** Client bytes {@code [clientStart, clientEnd)} of the last parsed line. */
    public int clientStart;
    /** End of the client field. */
    public int clientEnd;
    /** Epoch second of the last parsed line. */
    public long epochSecond;
    /** HTTP status of the last parsed line. */
    public int status;
    /** Duration in microseconds of the last parsed line, or -1 without {@code %D}. */
    public long durationMicros;

    // cache of the last date (dd/Mon/yyyy and zone) → epoch second of that local midnight, minus the offset
    private final byte[] lastDate = new byte[11];
    private final byte[] lastZone = new byte[5];
    private long lastDayEpoch = Long.MIN_VALUE;

    /** A parser for {@code combined} ({@code withDuration} false) or {@code combined+duration}. */
    public CombinedLogParser(boolean withDuration) {
        this.withDuration = withDuration;
    }

    /** Parses {@code b[start, end)}; false if the line is malformed. */
    public boolean parse(byte[] b, int start, int end) {
        int i = start;
        // client
        while (i < end && b[i] != ' ') {
            i++;
        }
        if (i == start || i >= end) {
            return false;
        }
        clientStart = start;
        clientEnd = i;
        // ident and user, then '['
        while (i < end && b[i] != '[') {
            i++;
        }
        // [dd/Mon/yyyy:HH:MM:SS +zzzz]
        if (i + 28 > end || b[i + 27] != ']') {
            return false;
        }
        if (!time(b, i + 1)) {
            return false;
        }
        i += 28;
        if (i + 2 > end || b[i] != ' ' || b[i + 1] != '"') {
            return false;
        }
        i += 2;
        // request, until an unescaped quote
        while (i < end && !(b[i] == '"' && b[i - 1] != '\\')) {
            i++;
        }
        if (i >= end) {
            return false;
        }
        i++;
        if (i + 4 > end || b[i] != ' ') {
            return false;
        }
        int s0 = b[i + 1] - '0';
        int s1 = b[i + 2] - '0';
        int s2 = b[i + 3] - '0';
        if (s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9 || (i + 4 < end && b[i + 4] != ' ')) {
            return false;
        }
        status = s0 * 100 + s1 * 10 + s2;
        if (withDuration) {
            int e = end;
            while (e > i && b[e - 1] == ' ') {
                e--;
            }
            long v = 0;
            int k = e;
            while (k > i && b[k - 1] >= '0' && b[k - 1] <= '9') {
                k--;
            }
            if (k == e || e - k > 15 || b[k - 1] != ' ' || k - 1 <= i + 4) {
                return false;
            }
            for (int j = k; j < e; j++) {
                v = v * 10 + (b[j] - '0');
            }
            durationMicros = v;
        } else {
            durationMicros = -1;
        }
        return true;
    }

    private boolean time(byte[] b, int t) {
        // dd/Mon/yyyy:HH:MM:SS +zzzz ; t points at dd
        if (b[t + 2] != '/' || b[t + 6] != '/' || b[t + 11] != ':' || b[t + 14] != ':' || b[t + 17] != ':'
                || b[t + 20] != ' ') {
            return false;
        }
        boolean same = lastDayEpoch != Long.MIN_VALUE;
        for (int k = 0; same && k < 11; k++) {
            same = lastDate[k] == b[t + k];
        }
        for (int k = 0; same && k < 5; k++) {
            same = lastZone[k] == b[t + 21 + k];
        }
        if (!same) {
            int day = d2(b, t);
            int mi = MONTHS.indexOf(new String(b, t + 3, 3, java.nio.charset.StandardCharsets.US_ASCII));
            int year = d2(b, t + 7) * 100 + d2(b, t + 9);
            int zh = d2(b, t + 22);
            int zm = d2(b, t + 24);
            byte sign = b[t + 21];
            if (day < 1 || day > 31 || mi < 0 || mi % 3 != 0 || year < 0 || zh < 0 || zm < 0 || (sign != '+' && sign != '-')) {
                return false;
            }
            int month = mi / 3;
            long days = daysFromCivil(year, month + 1, day);
            long offset = (zh * 3600L + zm * 60L) * (sign == '-' ? -1 : 1);
            lastDayEpoch = days * 86400 - offset;
            System.arraycopy(b, t, lastDate, 0, 11);
            System.arraycopy(b, t + 21, lastZone, 0, 5);
        }
        int hh = d2(b, t + 12);
        int mm = d2(b, t + 15);
        int ss = d2(b, t + 18);
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return false;
        }
        epochSecond = lastDayEpoch + hh * 3600L + mm * 60L + ss;
        return true;
    }

    private static int d2(byte[] b, int i) {
        int x = b[i] - '0';
        int y = b[i + 1] - '0';
        return x < 0 || x > 9 || y < 0 || y > 9 ? -1 : x * 10 + y;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

}

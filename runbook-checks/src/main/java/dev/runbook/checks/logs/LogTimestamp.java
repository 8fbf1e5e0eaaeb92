package dev.runbook.checks.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and reads the timestamp of a log line: ISO 8601 ({@code 2026-11-28T09:00:01+09:00}, also with a space and
 * without a zone, read in the runbook's zone), syslog ({@code Nov 28 09:00:01} at the line start, year inferred so
 * that the time is not in the future), Apache ({@code [28/Nov/2026:09:00:01 +0900]}) or Apache's error_log
 * ({@code [Sat Nov 28 09:00:01.123456 2026]}). Immutable and
 * thread-safe.
 */
public enum LogTimestamp {
    /** ISO 8601 anywhere in the line (the first one). */
    ISO8601,
    /** {@code Nov 28 09:00:01} at the start of the line. */
    SYSLOG,
    /** {@code [28/Nov/2026:09:00:01 +0900]}. */
    APACHE,
    /** Apache's error_log: {@code [Sat Nov 28 09:00:01.123456 2026]}, in the runbook's zone. */
    APACHE_ERROR;

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})([.,]\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern SYS = Pattern.compile("^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})");
    private static final Pattern APA = Pattern.compile(
            "\\[(\\d{2})/([A-Z][a-z]{2})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})]");
    private static final Pattern APA_ERR = Pattern.compile(
            "^\\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})? (\\d{4})]");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** Parses {@code iso8601} (also {@code iso}), {@code syslog} or {@code apache}; null gives ISO 8601. */
    public static LogTimestamp parse(String name) {
        if (name == null) {
            return ISO8601;
        }
        switch (name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "iso8601":
            case "iso":
                return ISO8601;
            case "syslog":
                return SYSLOG;
            case "apache":
            case "clf":
                return APACHE;
            case "apacheerror":
                return APACHE_ERROR;
            default:
                throw new IllegalArgumentException("timestamp: expected iso8601, syslog, apache or apache-error, found '"
                        + name + "'");
        }
    }

    /** The instant of the line's timestamp, or null if it has none. */
    public Instant find(CharSequence line, ZoneId zone, Instant now) {
        switch (this) {
            case ISO8601: {
                Matcher m = ISO.matcher(line);
                if (!m.find()) {
                    return null;
                }
                try {
                    int nanos = 0;
                    if (m.group(7) != null) {
                        String f = (m.group(7).substring(1) + "000000000").substring(0, 9);
                        nanos = Integer.parseInt(f);
                    }
                    LocalDateTime t = LocalDateTime.of(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5), i(m, 6), nanos);
                    String z = m.group(8);
                    if (z == null) {
                        return t.atZone(zone).toInstant();
                    }
                    return t.atOffset(z.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(z.length() == 5
                            ? z.substring(0, 3) + ":" + z.substring(3) : z)).toInstant();
                } catch (RuntimeException e) {
                    return null;
                }
            }
            case SYSLOG: {
                Matcher m = SYS.matcher(line);
                if (!m.find()) {
                    return null;
                }
                int month = MONTHS.indexOf(m.group(1)) / 3 + 1;
                if (MONTHS.indexOf(m.group(1)) < 0 || MONTHS.indexOf(m.group(1)) % 3 != 0) {
                    return null;
                }
                try {
                    int year = now.atZone(zone).getYear();
                    ZonedDateTime t = ZonedDateTime.of(year, month, i(m, 2), i(m, 3), i(m, 4), i(m, 5), 0, zone);
                    if (t.toInstant().isAfter(now.plusSeconds(86400))) {
                        t = t.minusYears(1);
                    }
                    return t.toInstant();
                } catch (RuntimeException e) {
                    return null;
                }
            }
            case APACHE_ERROR: {
                Matcher m = APA_ERR.matcher(line);
                int mi = m.find() ? MONTHS.indexOf(m.group(1)) : -1;
                if (mi < 0 || mi % 3 != 0) {
                    return null;
                }
                try {
                    return LocalDateTime.of(i(m, 6), mi / 3 + 1, i(m, 2), i(m, 3), i(m, 4), i(m, 5)).atZone(zone)
                            .toInstant();
                } catch (RuntimeException e) {
                    return null;
                }
            }
            default: {
                Matcher m = APA.matcher(line);
                if (!m.find()) {
                    return null;
                }
                int mi = MONTHS.indexOf(m.group(2));
                if (mi < 0 || mi % 3 != 0) {
                    return null;
                }
                try {
                    String z = m.group(7);
                    return LocalDateTime.of(i(m, 3), mi / 3 + 1, i(m, 1), i(m, 4), i(m, 5), i(m, 6))
                            .atOffset(ZoneOffset.of(z.substring(0, 3) + ":" + z.substring(3))).toInstant();
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

}

package dev.runbook.core;

import java.util.Collection;
import java.util.Locale;

/**
 * The four outcomes of a check, as the Nagios plugin protocol defines them.
 *
 * <p>Severity orders them {@code OK < WARNING < UNKNOWN < CRITICAL}: a group's status is the worst of
 * its counted members. {@link #exitCode()} is the plugin exit code (OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3),
 * which is deliberately not the severity order. Immutable and thread-safe.
 */
public enum Status {
    OK(0, 0),
    WARNING(1, 1),
    UNKNOWN(3, 2),
    CRITICAL(2, 3);

    private final int exitCode;
    private final int severity;

    Status(int exitCode, int severity) {
        this.exitCode = exitCode;
        this.severity = severity;
    }

    /** The process exit code a Nagios-style plugin uses for this status. */
    public int exitCode() {
        return exitCode;
    }

    /** Rank in {@code OK < WARNING < UNKNOWN < CRITICAL}. */
    public int severity() {
        return severity;
    }

    /** True if this status is worse than {@code other}. */
    public boolean isWorseThan(Status other) {
        return severity > other.severity;
    }

    /** The worse of two statuses. */
    public static Status worst(Status a, Status b) {
        return a.severity >= b.severity ? a : b;
    }

    /** The worst of the given statuses; {@link #OK} for none. */
    public static Status worst(Collection<Status> statuses) {
        Status w = OK;
        for (Status s : statuses) {
            w = worst(w, s);
        }
        return w;
    }

    /** The status a plugin exit code means: 0–3; anything else is {@link #UNKNOWN}. */
    public static Status fromExitCode(int code) {
        switch (code) {
            case 0: return OK;
            case 1: return WARNING;
            case 2: return CRITICAL;
            default: return UNKNOWN;
        }
    }

    /** Parses {@code ok}, {@code WARNING}, … case-insensitively. */
    public static Status parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a status (OK, WARNING, CRITICAL, UNKNOWN), found '" + text + "'");
        }
    }
}

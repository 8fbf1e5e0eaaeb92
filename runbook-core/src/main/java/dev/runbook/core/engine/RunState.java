package dev.runbook.core.engine;

import java.util.Locale;

/** Where a stored run stands (runbook-format §9 {@code runs}): JSON writes these in lower case. */
public enum RunState {
    /** Started and not yet recorded as ended (a process died mid-run, or it is going on). */
    RUNNING,
    /** Stopped at a manual gate, waiting for {@code runbook confirm}. */
    PAUSED,
    /** Ran to its end (or was declined at a gate). */
    FINISHED,
    /** Paused longer than its procedure's {@code pause_timeout}: ended UNKNOWN, nothing after the gate ran. */
    EXPIRED;

    /** The lower-case word of the output contract. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state for a word, e.g. {@code paused}. */
    public static RunState of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}

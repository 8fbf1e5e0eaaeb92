package dev.runbook.core.action;

import java.util.Locale;

/**
 * How an action or step ended. JSON writes these in lower case: {@code done}, {@code failed}, {@code timed_out}, …;
 * {@code waiting} is a manual gate that paused its run until someone confirms it.
 */
public enum Outcome {
    DONE, FAILED, TIMED_OUT, SKIPPED, DRY_RUN, WAITING;

    /** The lower-case word of the output contract. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.runbook.core.action;

import java.util.Locale;

/** How an action ended. JSON writes these in lower case: {@code done}, {@code failed}, {@code timed_out}, … */
public enum Outcome {
    DONE, FAILED, TIMED_OUT, SKIPPED, DRY_RUN;

    /** The lower-case word of the output contract. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

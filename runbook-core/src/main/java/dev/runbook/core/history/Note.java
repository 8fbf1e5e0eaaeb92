package dev.runbook.core.history;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's note ({@code runbook note}), shown by reports beside the results of its period. Immutable.
 *
 * @param at       when it was taken
 * @param operator who took it, or null
 * @param text     what it says
 */
public record Note(Instant at, String operator, String text) {
    public Note {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
    }
}

package dev.runbook.core.engine;

import java.util.Optional;

/**
 * Asks a person to confirm a {@code manual} step. Return empty when nobody can be asked (no terminal): the step
 * is then recorded UNKNOWN "not confirmed". Called from the run's thread; may block.
 */
@FunctionalInterface
public interface ManualPrompter {
    /** Nobody to ask. */
    ManualPrompter NONE = text -> Optional.empty();

    /** True if confirmed, false if declined, empty if nobody could be asked. */
    Optional<Boolean> confirm(String text);
}

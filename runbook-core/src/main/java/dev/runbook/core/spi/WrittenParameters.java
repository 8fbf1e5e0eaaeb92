package dev.runbook.core.spi;

import java.util.Collection;
import java.util.Optional;

/**
 * The keys of one check or action as its author wrote them, before they are bound to the type's parameter
 * record: what a type's shorthand hook ({@link CheckType#shorthands}, {@link ActionType#shorthands}) reads and
 * rewrites, so that a built-in or a plugin type can offer shorthands ({@code max_age: 1d} standing for a critical
 * threshold on {@code age}) and refuse forms that would bind but not run. Every problem reported through it is a
 * load-time error located at the key it names, like any other loader error.
 *
 * <p>Given to the hook by the loader for the duration of one call; not thread-safe, not to be kept. Never blocks.
 */
public interface WrittenParameters {

    /** The id of the check or action being loaded. */
    String id();

    /** True if {@code key} is written with a value (not null). */
    boolean has(String key);

    /**
     * The value of {@code key} after substitution, when it is written as one value (not a list or mapping); empty
     * when it is absent, null, not a single value, or its substitution fails or names a secret. A key a hook reads
     * must also be a parameter of the type: binding it reports what is wrong with its value.
     */
    Optional<String> text(String key);

    /** True if {@code key} is written as a list. */
    boolean isList(String key);

    /** Reports a load-time error located at {@code key}'s value (at the check or action when it is absent). */
    void error(String key, String message);

    /**
     * Copies keys from another top-level entry: the value of {@code key} names an entry of {@code section} (for
     * {@code slo: availability}, section {@code slo}); each of {@code keys} that the entry writes and this one does
     * not is added here with its own location.
     *
     * @return false, with an error at {@code key}, when no such entry exists; true otherwise (also when {@code key}
     *         is absent)
     */
    boolean inherit(String key, String section, Collection<String> keys);

    /**
     * Declares that {@code key} stands for thresholds on {@code metric} (either may be null). They apply unless the
     * check writes thresholds for that metric itself, and only if the check has that metric; a threshold that does
     * not parse or fit the metric is an error located at {@code key}.
     *
     * @throws UnsupportedOperationException for an action, which has no thresholds
     */
    void threshold(String key, String metric, String warning, String critical);
}

package dev.runbook.core;

import java.util.Optional;

/**
 * Small per-check key/value state that must survive restarts: hysteresis counters, log offsets and file
 * identity, previous CPU ticks, remediation attempt counts. Implementations are thread-safe.
 */
public interface StateStore {

    /** The value stored under {@code scope}/{@code key}. */
    Optional<String> get(String scope, String key);

    /** Stores a value (null removes it). */
    void put(String scope, String key, String value);

    /**
     * Replaces the value under {@code scope}/{@code key} with {@code value} only if it is still {@code expected}
     * (null: absent), atomically with respect to every other writer of the same store — other threads and, for a
     * store in a file, other processes. This is how a run claims what it consumes (log offsets): of two runs that
     * read the same value, exactly one wins, and the other reads again. {@code value} null removes the entry.
     *
     * <p>The default is atomic only among callers of this method on this instance (it locks the instance);
     * stores shared between processes override it.
     *
     * @return true if the value was replaced, false if another writer changed it first
     */
    default boolean compareAndSet(String scope, String key, String expected, String value) {
        synchronized (this) {
            if (!java.util.Objects.equals(get(scope, key).orElse(null), expected)) {
                return false;
            }
            put(scope, key, value);
            return true;
        }
    }

    /** A view bound to one scope (a check id). */
    default Scoped scoped(String scope) {
        StateStore self = this;
        return new Scoped() {
            @Override
            public Optional<String> get(String key) {
                return self.get(scope, key);
            }

            @Override
            public void put(String key, String value) {
                self.put(scope, key, value);
            }

            @Override
            public boolean compareAndSet(String key, String expected, String value) {
                return self.compareAndSet(scope, key, expected, value);
            }
        };
    }

    /** State of one check. */
    interface Scoped {
        Optional<String> get(String key);

        void put(String key, String value);

        /**
         * {@link StateStore#compareAndSet} for this scope. The default is not atomic (get, compare, put);
         * views over a {@link StateStore} delegate to its atomic operation.
         */
        default boolean compareAndSet(String key, String expected, String value) {
            if (!java.util.Objects.equals(get(key).orElse(null), expected)) {
                return false;
            }
            put(key, value);
            return true;
        }
    }
}

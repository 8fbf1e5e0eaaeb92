package dev.runbook.core.history;

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
        };
    }

    /** State of one check. */
    interface Scoped {
        Optional<String> get(String key);

        void put(String key, String value);
    }
}

package dev.runbook.store;

import dev.runbook.core.engine.RunStore;

/**
 * The one error type of the store module: the database file could not be opened, read or written, or it is
 * not ours. The message names the file and says what was wrong (refused as another application's database,
 * corrupt, read-only, locked for too long, …). It extends core's {@link RunStore.StoreException}, so callers
 * that only know the port catch it too. Immutable.
 */
public class StoreException extends RunStore.StoreException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure found by the store itself (no driver error behind it). */
    public StoreException(String message) {
        super(message);
    }
}

package dev.runbook.core.history;

import java.time.Instant;
import java.util.List;

/**
 * The operators' notes a report reads (runbook-format §8 {@code notes}), a query port the store implements.
 * Read-only. Implementations are thread-safe; calls block on I/O.
 */
public interface NoteQueries {
    /** Notes taken in {@code [from, to)} on {@code host} (null: every host's), oldest first (§10 {@code --host}). */
    List<Note> between(Instant from, Instant to, String host);
}

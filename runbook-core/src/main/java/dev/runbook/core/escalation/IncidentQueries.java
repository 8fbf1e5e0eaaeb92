package dev.runbook.core.escalation;

import java.time.Instant;
import java.util.List;

/**
 * The incidents a report reads (runbook-format §8 {@code incidents}, {@code availability}), a query port the
 * incident service over the store implements. Read-only. Implementations are thread-safe; calls block on I/O.
 */
public interface IncidentQueries {
    /**
     * Incidents open at some time in {@code [from, to)}: opened before {@code to} and not resolved before
     * {@code from}; every host's, oldest first, with their details.
     */
    List<IncidentDetails> overlapping(Instant from, Instant to);
}

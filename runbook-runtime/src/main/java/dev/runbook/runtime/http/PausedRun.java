package dev.runbook.runtime.http;

import java.time.Instant;
import java.util.Objects;

/**
 * A run stopped at a manual step, waiting for an operator's confirmation, as the status page lists it.
 *
 * @param runId          the stored run's id
 * @param procedure      the procedure's id
 * @param step           the title of the step it waits at
 * @param pausedAt       since when it waits
 * @param confirmCommand the command that confirms it ({@code runbook confirm FILE RUN}), shown to copy
 */
public record PausedRun(String runId, String procedure, String step, Instant pausedAt, String confirmCommand) {
    public PausedRun {
        Objects.requireNonNull(procedure, "procedure");
        Objects.requireNonNull(confirmCommand, "confirmCommand");
    }
}

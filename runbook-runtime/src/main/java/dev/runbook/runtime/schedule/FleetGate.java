package dev.runbook.runtime.schedule;

import dev.runbook.core.model.Procedure;
import java.time.ZonedDateTime;

/**
 * Whether this daemon runs a {@code run_on: one} procedure's firing (runbook-format §10): on a fleet sharing one
 * store only the daemon that holds the procedure's lease and claims that fire time runs it; the others record
 * nothing for it. Likewise {@code scope: fleet} checks are evaluated by one daemon per firing
 * ({@link #evaluatesFleetChecks}). {@link #EVERY_HOST} — one host, or SQLite — runs every firing as written. Called on the scheduler's worker
 * threads; implementations must be thread-safe and may block on the store.
 */
@FunctionalInterface
public interface FleetGate {
    /** One host: every firing runs here. */
    FleetGate EVERY_HOST = (procedure, due, atStart) -> true;

    /**
     * True if this daemon runs the firing of {@code procedure} due at {@code due}; false if another host of the
     * fleet does (or did). A gate that cannot decide (the store is unreachable) answers false.
     *
     * @param atStart true for the firing {@code --run-now} adds at start, which has no scheduled fire time
     */
    boolean mayRun(Procedure procedure, ZonedDateTime due, boolean atStart);

    /**
     * True if this daemon evaluates, for the whole fleet, the {@code scope: fleet} checks of {@code procedure}'s
     * firing due at {@code due}; {@link #EVERY_HOST} answers false: on one host they are ordinary checks.
     */
    default boolean evaluatesFleetChecks(Procedure procedure, ZonedDateTime due, boolean atStart) {
        return false;
    }
}

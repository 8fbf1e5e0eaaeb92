package dev.runbook.core;

import java.time.Instant;
import java.util.Map;

/**
 * A check result as kept in the store. Immutable.
 *
 * @param check     check id
 * @param at        when it was taken
 * @param status    final status
 * @param value     primary value (canonical unit) or null
 * @param unit      canonical unit symbol or null
 * @param message   the message
 * @param procedure the procedure it ran in, or null
 * @param metrics   all metrics in canonical units
 * @param maintenance true if taken inside a maintenance window
 */
public record StoredResult(String check, Instant at, Status status, Double value, String unit, String message,
                           String procedure, Map<String, Double> metrics, boolean maintenance) {
}

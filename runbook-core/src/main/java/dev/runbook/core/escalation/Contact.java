package dev.runbook.core.escalation;

import java.util.Objects;

/**
 * Somebody to notify: through which notifier, at which address, and when they are reachable.
 * Immutable.
 *
 * @param id      contact id
 * @param via     the notifier id that reaches them
 * @param address their address for that notifier (an email address), or null
 * @param hours   when they are reachable: {@code always} (null means always), or a day form with a time range
 *                such as {@code weekdays 09:00-18:00}
 */
public record Contact(String id, String via, String address, String hours) {
    public Contact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(via, "via");
    }
}

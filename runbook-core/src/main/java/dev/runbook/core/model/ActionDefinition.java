package dev.runbook.core.model;

import dev.runbook.core.action.Action;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A named (or inline) action of a runbook: its type, title, timeout (default 5m) and the action itself.
 * Immutable.
 *
 * @param id             the action id, or a generated label for an inline action
 * @param type           the type name ({@code command}, {@code systemd}, …) or {@code custom}
 * @param title          a title for people, or null
 * @param timeout        the time limit
 * @param action         the implementation
 * @param missingSecrets names of secrets it uses that are not set: it then does not run and fails saying so
 */
public record ActionDefinition(String id, String type, String title, Duration timeout, Action action,
                               Set<String> missingSecrets) {
    /** The default action timeout, 5 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public ActionDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        type = type == null ? "custom" : type;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        missingSecrets = missingSecrets == null ? Set.of() : Set.copyOf(missingSecrets);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("action '" + id + "': timeout must be positive, found " + timeout);
        }
    }

    /** An action with defaults. */
    public static ActionDefinition of(String id, Action action) {
        return new ActionDefinition(id, null, null, null, action, null);
    }

    /** The title, or the id. */
    public String label() {
        return title != null ? title : id;
    }
}

package dev.runbook.core.spi;

import dev.runbook.core.escalation.Notifier;

/**
 * A kind of notifier usable as {@code type: <name>} in {@code notifiers:}. Register in
 * {@code META-INF/services/dev.runbook.core.spi.NotifierType}. Stateless and thread-safe.
 *
 * @param <P> the parameter type
 */
public interface NotifierType<P> {

    String name();

    Class<P> parameterType();

    default String description() {
        return "";
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the parameter and what was wrong with it
     */
    Notifier create(P parameters, TypeContext context);
}

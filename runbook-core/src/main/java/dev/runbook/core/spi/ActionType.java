package dev.runbook.core.spi;

import dev.runbook.core.action.Action;

/**
 * A kind of action usable as {@code type: <name>} in {@code actions:} and inline steps. Register in
 * {@code META-INF/services/dev.runbook.core.spi.ActionType}. Stateless and thread-safe.
 *
 * @param <P> the parameter type
 */
public interface ActionType<P> {

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
    Action create(P parameters, TypeContext context);

    /**
     * Rewrites or refuses the keys of an action of this type as written, before they are bound (see
     * {@link CheckType#shorthands}); {@link WrittenParameters#threshold} is not available to actions. Nothing by
     * default.
     */
    default void shorthands(WrittenParameters written) {
    }
}

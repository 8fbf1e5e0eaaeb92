package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Check;
import dev.runbook.core.action.Action;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The types of a registry with their effects swapped, for rehearsals ({@code runbook test}, {@code runbook drill}):
 * each type keeps its name, parameters, metrics, shorthands and report places (every method but {@code create}), so the runbook loads and is judged exactly as
 * written, while the {@link Swaps} decide what its checks, actions and notifiers do. The real implementation is
 * handed over lazily: a swap that never asks for it never builds it. Stateless apart from the swaps.
 */
final class SwappedTypes {
    private SwappedTypes() {
    }

    /** What a rehearsal does instead of each type's own effect. Implementations are thread-safe. */
    interface Swaps {
        /** The check to run for a check of a type; {@code real} builds the type's own. */
        Check check(Supplier<Check> real);

        /** The action to run for an action of type {@code type}; {@code real} builds the type's own. */
        Action action(String type, Supplier<Action> real);

        /** The notifier to send through; {@code real} builds the type's own. */
        Notifier notifier(Supplier<Notifier> real);
    }

    static TypeRegistry of(TypeRegistry real, Swaps swaps) {
        TypeRegistry.Builder b = TypeRegistry.builder();
        real.checkTypes().values().forEach(t -> b.check(swapped(CheckType.class, t,
                args -> swaps.check(() -> t.create(cast(args[0]), (TypeContext) args[1])))));
        real.actionTypes().values().forEach(t -> b.action(swapped(ActionType.class, t,
                args -> swaps.action(t.name(), () -> t.create(cast(args[0]), (TypeContext) args[1])))));
        real.notifierTypes().values().forEach(t -> b.notifier(swapped(NotifierType.class, t,
                args -> swaps.notifier(() -> t.create(cast(args[0]), (TypeContext) args[1])))));
        return b.build();
    }

    /**
     * {@code real} as an {@code spi} whose {@code create(parameters, context)} is {@code create}: every other method
     * (name, parameters, metrics, shorthands, report places, and whatever the SPI gains later) answers as the real
     * type does, so a rehearsal loads and judges the runbook exactly as a run would.
     */
    private static <T> T swapped(Class<T> spi, T real, Function<Object[], Object> create) {
        InvocationHandler forward = (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "swapped " + real;
                };
            }
            if (m.getName().equals("create") && m.getParameterCount() == 2) {
                return create.apply(args);
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, forward));
    }

    @SuppressWarnings("unchecked")
    private static <P> P cast(Object parameters) {
        return (P) parameters;
    }
}

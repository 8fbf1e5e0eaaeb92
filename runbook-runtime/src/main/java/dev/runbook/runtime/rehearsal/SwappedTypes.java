package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.action.Action;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.spi.WrittenParameters;
import java.util.List;
import java.util.function.Supplier;

/**
 * The types of a registry with their effects swapped, for rehearsals ({@code runbook test}, {@code runbook drill}):
 * each type keeps its name, parameters, metrics and shorthands, so the runbook loads and is judged exactly as
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
        real.checkTypes().values().forEach(t -> b.check(check(t, swaps)));
        real.actionTypes().values().forEach(t -> b.action(action(t, swaps)));
        real.notifierTypes().values().forEach(t -> b.notifier(notifier(t, swaps)));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <P> CheckType<P> check(CheckType<?> type, Swaps swaps) {
        CheckType<P> real = (CheckType<P>) type;
        return new CheckType<>() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Class<P> parameterType() {
                return real.parameterType();
            }

            @Override
            public String description() {
                return real.description();
            }

            @Override
            public List<MetricSpec> metrics(P parameters) {
                return real.metrics(parameters);
            }

            @Override
            public Check create(P parameters, TypeContext context) {
                return swaps.check(() -> real.create(parameters, context));
            }

            @Override
            public List<String> reads(P parameters) {
                return real.reads(parameters);
            }

            @Override
            public List<String> references(P parameters) {
                return real.references(parameters);
            }

            @Override
            public boolean dynamicMetrics() {
                return real.dynamicMetrics();
            }

            @Override
            public void shorthands(WrittenParameters written) {
                real.shorthands(written);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <P> ActionType<P> action(ActionType<?> type, Swaps swaps) {
        ActionType<P> real = (ActionType<P>) type;
        return new ActionType<>() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Class<P> parameterType() {
                return real.parameterType();
            }

            @Override
            public String description() {
                return real.description();
            }

            @Override
            public Action create(P parameters, TypeContext context) {
                return swaps.action(real.name(), () -> real.create(parameters, context));
            }

            @Override
            public void shorthands(WrittenParameters written) {
                real.shorthands(written);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <P> NotifierType<P> notifier(NotifierType<?> type, Swaps swaps) {
        NotifierType<P> real = (NotifierType<P>) type;
        return new NotifierType<>() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public Class<P> parameterType() {
                return real.parameterType();
            }

            @Override
            public String description() {
                return real.description();
            }

            @Override
            public Notifier create(P parameters, TypeContext context) {
                return swaps.notifier(() -> real.create(parameters, context));
            }
        };
    }
}

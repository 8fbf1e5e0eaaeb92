package dev.runbook.runtime.cases;

import dev.runbook.core.Check;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.NotifierType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.core.spi.WrittenParameters;
import java.util.List;
import java.util.Set;

/**
 * The types of a registry with their effects replaced, for {@code runbook test}: each keeps its name, parameters
 * and metrics (so the runbook loads and is judged exactly as written), but a check returns what the case gives, an
 * action returns the case's outcome without touching anything, and a notifier delivers nowhere. The
 * {@code notify} and {@code escalate} action types keep their own code, which only reaches the test's incidents
 * and outbox. Stateless apart from the shared {@link Script}.
 */
final class ScriptedTypes {
    /** Action types whose effect is the test's own outbox or incidents, kept as they are. */
    private static final Set<String> KEPT_ACTIONS = Set.of("notify", "escalate");

    private ScriptedTypes() {
    }

    static TypeRegistry of(TypeRegistry real, Script script) {
        TypeRegistry.Builder b = TypeRegistry.builder();
        real.checkTypes().values().forEach(t -> b.check(check(t, script)));
        real.actionTypes().values().forEach(t -> b.action(action(t, script)));
        real.notifierTypes().values().forEach(t -> b.notifier(notifier(t)));
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static <P> CheckType<P> check(CheckType<?> type, Script script) {
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
                return ctx -> script.probe(ctx.checkId());
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
    private static <P> ActionType<P> action(ActionType<?> type, Script script) {
        ActionType<P> real = (ActionType<P>) type;
        boolean kept = KEPT_ACTIONS.contains(real.name());
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
                Action own = kept ? real.create(parameters, context) : null;
                return new Action() {
                    @Override
                    public ActionResult execute(ActionContext ctx) throws Exception {
                        Outcome o = script.outcome(ctx.actionId());
                        if (o == null && own != null) {
                            return own.execute(ctx);
                        }
                        Outcome outcome = o == null ? Outcome.DONE : o;
                        return new ActionResult(outcome, "given by the test: " + outcome.word(), null);
                    }

                    @Override
                    public String describe(ActionContext ctx) {
                        return "would run action " + ctx.actionId() + " (a test: nothing is run)";
                    }
                };
            }

            @Override
            public void shorthands(WrittenParameters written) {
                real.shorthands(written);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <P> NotifierType<P> notifier(NotifierType<?> type) {
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
                return (notification, address) -> { }; // the outbox records it; nothing leaves the process
            }
        };
    }
}

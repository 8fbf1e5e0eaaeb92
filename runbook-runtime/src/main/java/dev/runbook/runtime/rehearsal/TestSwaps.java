package dev.runbook.runtime.rehearsal;

import dev.runbook.core.Check;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.Notifier;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The swaps of {@code runbook test}: a check returns what the case gives ({@link Script}), an action returns the
 * case's outcome without touching anything, a notifier delivers nowhere (the outbox still records every
 * notification). The {@code notify} and {@code escalate} action types keep their own code, which only reaches the
 * test's incidents and outbox. Thread-safe.
 */
final class TestSwaps implements SwappedTypes.Swaps {
    /** Action types whose effect is the test's own outbox or incidents, kept as they are. */
    private static final Set<String> KEPT_ACTIONS = Set.of("notify", "escalate");

    private final Script script;

    TestSwaps(Script script) {
        this.script = script;
    }

    @Override
    public Check check(Supplier<Check> real) {
        return ctx -> script.probe(ctx.checkId());
    }

    @Override
    public Action action(String type, Supplier<Action> real) {
        Action own = KEPT_ACTIONS.contains(type) ? real.get() : null;
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
    public Notifier notifier(Supplier<Notifier> real) {
        return (notification, address) -> { }; // the outbox records it; nothing leaves the process
    }
}

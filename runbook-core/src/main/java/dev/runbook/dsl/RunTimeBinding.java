package dev.runbook.dsl;

import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * A type's check or action declared through the DSL, built again from its parameters with the clock and zone of
 * the engine that runs it: a type then reads the engine's clock (a test's fake one) and the runbook's zone as it
 * is when the runbook is built, not the system clock and the zone current when the step was declared. The first
 * build, at declaration, validates the parameters. Thread-safe: the latest binding is swapped atomically.
 */
final class RunTimeBinding<T> {
    private final Function<TypeContext, T> create;
    private final String id;
    private volatile Bound<T> bound;

    private record Bound<T>(Clock clock, ZoneId zone, T built) {
    }

    private RunTimeBinding(Function<TypeContext, T> create, String id, T declared, ZoneId zone, Clock clock) {
        this.create = create;
        this.id = id;
        this.bound = new Bound<>(clock, zone, declared);
    }

    private T at(Clock clock, ZoneId zone) {
        Bound<T> b = bound;
        if (b.clock() != clock || !b.zone().equals(zone)) {
            b = new Bound<>(clock, zone, create.apply(new TypeContext(null, zone, clock, id)));
            bound = b;
        }
        return b.built();
    }

    /** A check of {@code type} that binds itself to each engine's clock and zone. */
    static <P> Check check(CheckType<P> type, P params, String id, ZoneId zone) {
        Clock declaredClock = Clock.system(zone);
        Check declared = type.create(params, new TypeContext(null, zone, declaredClock, id));
        RunTimeBinding<Check> b = new RunTimeBinding<>(tc -> type.create(params, tc), id, declared, zone, declaredClock);
        return new Check() {
            @Override
            public CheckResult run(CheckContext ctx) throws Exception {
                return b.at(ctx.clock(), ctx.zone()).run(ctx);
            }
        };
    }

    /** An action of {@code type} that binds itself to each engine's clock and zone. */
    static <P> Action action(ActionType<P> type, P params, String id, ZoneId zone) {
        Clock declaredClock = Clock.system(zone);
        Action declared = type.create(params, new TypeContext(null, zone, declaredClock, id));
        RunTimeBinding<Action> b = new RunTimeBinding<>(tc -> type.create(params, tc), id, declared, zone,
                declaredClock);
        return new Action() {
            @Override
            public ActionResult execute(ActionContext ctx) throws Exception {
                return b.at(ctx.clock(), ctx.zone()).execute(ctx);
            }

            @Override
            public String describe(ActionContext ctx) throws Exception {
                return b.at(ctx.clock(), ctx.zone()).describe(ctx);
            }
        };
    }
}

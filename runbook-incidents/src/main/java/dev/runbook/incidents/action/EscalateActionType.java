package dev.runbook.incidents.action;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.escalation.IncidentRequest;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;

/**
 * The {@code escalate} action: opens an incident at {@code level} for the check being remediated (or the
 * procedure being run), or raises the open one, through {@link dev.runbook.core.action.ActionContext#incidents()}.
 * In dry-run it says what would happen and opens nothing. Stateless and thread-safe; blocks while the incident
 * is stored and its first notifications attempted.
 *
 * <pre>{@code
 * actions:
 *   page-p1: { type: escalate, level: P1 }
 * }</pre>
 */
@TypeName("escalate")
public final class EscalateActionType implements ActionType<EscalateActionType.Params> {

    /**
     * Parameters of an {@code escalate} action.
     *
     * @param level the incident level id (P1…)
     */
    public record Params(String level) {
    }

    @Override
    public String name() {
        return "escalate";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "opens (or raises) an incident at a level";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        if (p.level() == null || p.level().isBlank()) {
            throw new IllegalArgumentException("level: required, an incident level id such as P1");
        }
        String level = p.level();
        return Action.describedByDryRun(ctx -> {
            String said = ctx.incidents().escalate(new IncidentRequest(level, ctx.checkId(), ctx.procedureId(), null,
                    ctx.trigger(), ctx.dryRun(), ctx.operator()));
            return ctx.dryRun() ? ActionResult.dryRun(said) : ActionResult.done(said);
        });
    }
}

package dev.runbook.checks.exec;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.time.Duration;

/**
 * The {@code wait} action: sleeps for {@code duration}, interruptibly (an interrupt ends it as {@code failed}).
 * In dry-run it does not sleep. Stateless and thread-safe; {@code execute} blocks for the duration.
 */
@TypeName("wait")
public final class WaitActionType implements ActionType<WaitActionType.Params> {

    /**
     * Parameters of the wait action, as the YAML loader binds them: absent keys are null,
     * defaults apply in {@code create}. Immutable.
     *
     * @param duration how long to wait, e.g. {@code 30s}
     */
    public record Params(Duration duration) {
    }

    @Override
    public String name() {
        return "wait";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "sleeps for duration (not in dry-run)";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        Duration d = p.duration();
        if (d == null) {
            throw new IllegalArgumentException("wait: duration is required, e.g. duration: 30s");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("wait: duration must not be negative, found " + d);
        }
        String shown = Quantity.humanize(d.toNanos() / 1e9, Unit.SECONDS);
        return Action.describedByDryRun(ctx -> {
            if (ctx.dryRun()) {
                return ActionResult.dryRun("would wait " + shown);
            }
            try {
                Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ActionResult.failed("interrupted while waiting " + shown);
            }
            return ActionResult.done("waited " + shown);
        });
    }
}

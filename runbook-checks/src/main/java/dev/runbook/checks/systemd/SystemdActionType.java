package dev.runbook.checks.systemd;

import dev.runbook.checks.exec.CommandRunner;
import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionContext;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.spi.ActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code systemd} action: {@code systemctl <verb> <unit>}, bounded by the action's timeout (the process group
 * is killed past it). Exit 0 is {@code done}; otherwise {@code failed} with systemctl's first line. In dry-run
 * nothing runs. Stateless and thread-safe; {@code execute} blocks while systemctl runs.
 */
@TypeName("systemd")
public final class SystemdActionType implements ActionType<SystemdActionType.Params> {

    /** What to do to the unit. YAML: {@code restart}, {@code reload}, {@code start}, {@code stop}. */
    public enum Verb { RESTART, RELOAD, START, STOP }

    /**
     * Parameters of the {@code systemd} action.
     *
     * @param unit      the unit
     * @param verb      what to do
     * @param systemctl path of the systemctl binary (default {@code systemctl} on PATH)
     */
    public record Params(String unit, Verb verb, String systemctl) {
    }

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public Class<Params> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "systemctl restart|reload|start|stop <unit>";
    }

    @Override
    public Action create(Params p, TypeContext context) {
        Systemctl.validateUnit("systemd", p.unit());
        if (p.verb() == null) {
            throw new IllegalArgumentException("systemd: verb is required (restart, reload, start or stop)");
        }
        String binary = p.systemctl() == null ? "systemctl" : p.systemctl();
        String verb = p.verb().name().toLowerCase(Locale.ROOT);
        String unit = p.unit();
        return Action.describedByDryRun(ctx -> execute(binary, verb, unit, ctx));
    }

    private static ActionResult execute(String binary, String verb, String unit, ActionContext ctx)
            throws InterruptedException {
        String shown = binary + " " + verb + " " + unit;
        if (ctx.dryRun()) {
            return ActionResult.dryRun("would run: " + shown);
        }
        CommandRunner.Result r;
        try {
            r = Systemctl.run(binary, List.of(verb, unit), ctx.timeout());
        } catch (IOException e) {
            return ActionResult.failed("could not run " + shown + ": " + e.getMessage());
        }
        if (r.timedOut()) {
            return ActionResult.timedOut(shown + " did not finish within " + ctx.timeout().toMillis() + " ms");
        }
        if (r.exitCode() != 0) {
            String down = Systemctl.notRunning(r.stdout(), r.stderr());
            String why = down != null ? "systemd is not running: " + down : r.firstLine();
            return ActionResult.failed(shown + " failed (exit code " + r.exitCode() + ")" + (why.isEmpty() ? "" : ": " + why));
        }
        return ActionResult.done(unit + " " + (verb.equals("stop") ? "stopped" : verb + "ed"));
    }
}

package dev.runbook.checks.systemd;

import dev.runbook.checks.exec.CommandRunner;
import dev.runbook.core.Check;
import dev.runbook.core.CheckContext;
import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.spi.CheckType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code systemd} check: the states of several units from one
 * {@code systemctl show --property=Id,LoadState,ActiveState,SubState <units…>} call. {@code active} is OK,
 * {@code activating}, {@code reloading} and {@code deactivating} WARNING, {@code failed}, {@code inactive} and
 * a unit that is not found CRITICAL; the worst unit gives the status. When systemctl's answer says systemd is not
 * running, or the binary is missing, the result is UNKNOWN. {@code details.units} maps each unit as written to
 * its state, e.g. {@code {httpd: "active (running)"}}.
 *
 * <p>Stateless and thread-safe; a run blocks while systemctl runs (bounded by the check's timeout).
 */
@TypeName("systemd")
public final class SystemdCheckType implements CheckType<SystemdCheckType.Params> {

    /**
     * Parameters of {@code type: systemd}.
     *
     * @param units     unit names ({@code httpd}, {@code estimator.service})
     * @param systemctl path of the systemctl binary (default {@code systemctl} on PATH)
     */
    public record Params(List<String> units, String systemctl) {
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
        return "states of systemd units in one systemctl query: active OK, activating/reloading WARNING, failed/inactive/not found CRITICAL";
    }

    @Override
    public List<MetricSpec> metrics(Params parameters) {
        return List.of();
    }

    @Override
    public Check create(Params p, TypeContext context) {
        if (p.units() == null || p.units().isEmpty()) {
            throw new IllegalArgumentException("systemd: units must list at least one unit, found "
                    + (p.units() == null ? "none" : "[]"));
        }
        for (String u : p.units()) {
            Systemctl.validateUnit("systemd", u);
        }
        List<String> units = List.copyOf(p.units());
        String binary = p.systemctl() == null ? "systemctl" : p.systemctl();
        if (binary.isBlank()) {
            throw new IllegalArgumentException("systemd: systemctl must be a path or a program name, found ''");
        }
        return ctx -> probe(binary, units, ctx);
    }

    private static CheckResult probe(String binary, List<String> units, CheckContext ctx) throws InterruptedException {
        List<String> args = new ArrayList<>();
        args.add("show");
        args.add("--property=Id,LoadState,ActiveState,SubState");
        args.addAll(units);
        CommandRunner.Result r;
        try {
            r = Systemctl.run(binary, args, ctx.timeout());
        } catch (CommandRunner.CommandNotFoundException e) {
            return CheckResult.unknown("systemctl not available: " + e.getMessage());
        } catch (IOException e) {
            return CheckResult.unknown("could not run " + binary + ": " + e.getMessage());
        }
        if (r.timedOut()) {
            return CheckResult.unknown(binary + " show did not answer within " + ctx.timeout().toMillis() + " ms");
        }
        String down = Systemctl.notRunning(r.stdout(), r.stderr());
        if (down != null) {
            return CheckResult.builder().status(Status.UNKNOWN).message("systemd is not running: " + down)
                    .detail("exit_code", r.exitCode()).build();
        }
        List<Systemctl.UnitState> states = Systemctl.statesFor(units, Systemctl.parseShow(r.stdout()));
        Map<String, String> shown = new LinkedHashMap<>();
        Status worst = Status.OK;
        List<String> parts = new ArrayList<>();
        boolean anyAnswer = false;
        for (int i = 0; i < units.size(); i++) {
            Systemctl.UnitState s = states.get(i);
            String unit = units.get(i);
            Status st;
            String text;
            if (s == null) {
                st = Status.UNKNOWN;
                text = "no answer";
            } else {
                anyAnswer = true;
                st = statusOf(s);
                text = s.describe();
            }
            shown.put(unit, text);
            parts.add(unit + " " + text);
            worst = Status.worst(worst, st);
        }
        if (!anyAnswer) {
            String first = r.firstLine();
            return CheckResult.builder().status(Status.UNKNOWN)
                    .message(binary + " show gave no unit states (exit code " + r.exitCode() + ")"
                            + (first.isEmpty() ? "" : ": " + first))
                    .detail("units", shown).build();
        }
        return CheckResult.builder().status(worst).message(String.join(", ", parts)).detail("units", shown).build();
    }

    /** The status a unit state earns. */
    static Status statusOf(Systemctl.UnitState s) {
        if (s.notFound()) {
            return Status.CRITICAL;
        }
        String a = s.activeState() == null ? "" : s.activeState();
        switch (a) {
            case "active":
                return Status.OK;
            case "activating":
            case "reloading":
            case "deactivating":
            case "refreshing":
                return Status.WARNING;
            case "failed":
            case "inactive":
            case "maintenance":
                return Status.CRITICAL;
            default:
                return Status.UNKNOWN;
        }
    }
}

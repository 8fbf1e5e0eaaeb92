package dev.runbook.cli;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test source of runbooks for the launcher's end-to-end tests ({@code -Drunbook.cli.source}): the file name picks
 * a runbook built with the Java DSL, so every verb and format can be run as a real process before the YAML loader
 * exists. {@code broken.yaml} gives a located problem; a missing file gives "no such file".
 */
public final class FixtureRunbooks implements java.util.function.BiFunction<Path, java.util.Map<String, String>, LoadResult> {
    @Override
    public LoadResult apply(Path file, java.util.Map<String, String> env) {
        String name = file.getFileName().toString();
        switch (name) {
            case "seed.yaml": return ok(SeedLike.runbook(file, env));
            case "ok.yaml": return ok(runbook(file, Status.OK));
            case "warning.yaml": return ok(runbook(file, Status.WARNING));
            case "critical.yaml": return ok(runbook(file, Status.CRITICAL));
            case "unknown.yaml": return ok(runbook(file, Status.UNKNOWN));
            case "recovers.yaml": return ok(recovers(file));
            case "unwritable.yaml": return ok(RunbookBuilder.runbook("unwritable").store("/proc/runbook-no-such-dir/x.db")
                    .check("disk", c -> c.of(ctx -> CheckResult.warning("82% used"))).build());
            case "broken.yaml":
                return new LoadResult(null, List.of(new Problem(file, 14, 5, "unknown check type 'dsik' (did you mean 'disk'?)",
                        Problem.Severity.ERROR), new Problem(file, 20, 3, "unknown key 'critcal' (did you mean 'critical'?)",
                        Problem.Severity.ERROR)));
            default:
                return new LoadResult(null, List.of(new Problem(file, 0, 0, "no such file", Problem.Severity.ERROR)));
        }
    }

    private static LoadResult ok(Runbook rb) {
        return new LoadResult(rb, List.of());
    }

    /** disk at a percentage chosen so that it ends {@code worst}, plus an OK health, a waived and a skipped check. */
    static Runbook runbook(Path file, Status worst) {
        double used = worst == Status.WARNING ? 85.5 : worst == Status.CRITICAL ? 95 : 71.4;
        return RunbookBuilder.runbook("fixture")
                .title("Fixture Operations Runbook")
                .zone("Asia/Tokyo")
                .store(file.resolveSibling("state/fixture.db").toString())
                .check("health", c -> c.title("Health check").of(ctx -> worst == Status.UNKNOWN
                        ? CheckResult.unknown("probe could not tell: systemctl not found")
                        : CheckResult.builder().status(Status.OK).value(0.0021, Unit.SECONDS).metric("latency", 0.0021)
                        .metric("status_code", 200).message("HTTP 200 {\"status\":\"healthy\"}").build(),
                        MetricSpec.higherIsWorse("latency", Unit.SECONDS), MetricSpec.informational("status_code", Unit.COUNT))
                        .critical("5s"))
                .check("disk", c -> c.title("Disk usage").of(ctx -> CheckResult.builder().status(Status.OK)
                        .value(used, Unit.PERCENT).metric("used", used).metric("free_bytes", 2.1e10)
                        .message("/ " + used + "% used").build(),
                        MetricSpec.higherIsWorse("used", Unit.PERCENT), MetricSpec.lowerIsWorse("free_bytes", Unit.BYTES))
                        .warning("80%").critical("90%"))
                .check("legacy", c -> c.title("Legacy API").of(ctx -> CheckResult.critical("down since 2019"))
                        .waive("2099-12-31", "decommissioning"))
                .check("api", c -> c.title("API behind health").dependsOn("health")
                        .of(ctx -> CheckResult.ok("fine")))
                .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00")
                        .checks("health", "disk").group("Other checks", "legacy", "api"))
                .build();
    }

    /** A service that is down until the restart action runs: the remediation really recovers it. */
    static Runbook recovers(Path file) {
        AtomicBoolean up = new AtomicBoolean(false);
        return RunbookBuilder.runbook("recovers")
                .store(file.resolveSibling("state/recovers.db").toString())
                .action("restart-estimator", ctx -> {
                    if (ctx.dryRun()) {
                        return ActionResult.dryRun("would restart estimator");
                    }
                    up.set(true);
                    return ActionResult.done("estimator restarted");
                })
                .level("P1", "Complete service outage", "0m")
                .check("health", c -> c.title("Health check")
                        .of(ctx -> up.get() ? CheckResult.ok("healthy") : CheckResult.critical("connection refused"))
                        .incident("P1")
                        .onCritical(r -> r.run("restart-estimator").waitFor("10ms").recheck("health").escalate("P1")))
                .procedure("morning-check", p -> p.title("Morning Check").checks("health")
                        .manual("Tell the team the morning check is done"))
                .build();
    }
}

package dev.runbook.cli;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the seed runbook, in Java, reading the demo sandbox's variables: services through the stub
 * {@code $SYSTEMCTL}, the health endpoint, a restart remediation that escalates to P1 when it does not help.
 * Lets the demo's orchestration be tested before the YAML loader and the seed YAML exist.
 */
final class SeedLike {
    private SeedLike() {
    }

    static Runbook runbook(Path file, Map<String, String> env) {
        String systemctl = env.getOrDefault("SYSTEMCTL", "systemctl");
        String url = env.getOrDefault("ESTIMATOR_HEALTH_URL", "http://127.0.0.1:8100/health");
        return RunbookBuilder.runbook("ai-estimator")
                .title("AI Estimator System — Operations Runbook (test stand-in)")
                .store(file.resolveSibling("state/ai-estimator.db").toString())
                .action("restart-estimator", "Restart estimator", "30s", ctx -> {
                    if (ctx.dryRun()) {
                        return ActionResult.dryRun("would run: systemctl restart estimator");
                    }
                    Process p = new ProcessBuilder(systemctl, "restart", "estimator").redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    p.waitFor(20, TimeUnit.SECONDS);
                    return p.exitValue() == 0 ? ActionResult.done("systemctl restart estimator")
                            : ActionResult.failed(out.lines().findFirst().orElse("exit " + p.exitValue()));
                })
                .level("P1", "Complete service outage", "0m")
                .check("services", c -> c.title("Service status check").of(ctx -> {
                    Process p = new ProcessBuilder(systemctl, "is-active", "httpd", "estimator").start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    p.waitFor(10, TimeUnit.SECONDS);
                    String[] s = out.split("\n");
                    String msg = "httpd " + s[0] + ", estimator " + (s.length > 1 ? s[1] : "?");
                    return p.exitValue() == 0 ? CheckResult.ok(msg) : CheckResult.critical(msg);
                }))
                .check("health", c -> c.title("Health check").of(ctx -> {
                    long t0 = System.nanoTime();
                    HttpURLConnection h = (HttpURLConnection) new URL(url).openConnection();
                    h.setConnectTimeout(2000);
                    h.setReadTimeout(2000);
                    try {
                        int code = h.getResponseCode();
                        double s = (System.nanoTime() - t0) / 1e9;
                        return CheckResult.builder().status(code == 200 ? Status.OK : Status.CRITICAL).value(s, Unit.SECONDS)
                                .metric("latency", s).message("HTTP " + code).build();
                    } catch (ConnectException e) {
                        return CheckResult.critical("connection refused: " + url);
                    } finally {
                        h.disconnect();
                    }
                }, MetricSpec.higherIsWorse("latency", Unit.SECONDS)).critical("5s").incident("P1")
                        .onCritical(r -> r.run("restart-estimator").waitFor("30s").recheck("health").escalate("P1")))
                .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00").checks("services", "health"))
                .procedure("evening-check", p -> p.title("Evening Check").schedule("daily 17:00").checks("health"))
                .procedure("planned-maintenance", p -> p.title("Planned Maintenance")
                        .manual("Display the maintenance page").run("restart-estimator")
                        .manual("Run database migrations, if any").checks("health"))
                .build();
    }
}

package dev.runbook.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.quantity.Unit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RunbookBuilderTest {

    @Test
    void readsLikeTheRunbookAndRuns() {
        AtomicBoolean up = new AtomicBoolean();
        Runbook rb = RunbookBuilder.runbook("ai-estimator")
                .title("AI Estimator System — Operations Runbook")
                .zone("Asia/Tokyo")
                .action("restart-estimator", ctx -> {
                    up.set(true);
                    return ActionResult.done("restarted");
                })
                .check("disk", c -> c.title("Disk usage")
                        .of(ctx -> CheckResult.builder().message("/ 71.4% used").metric("used", 71.4).build(),
                                MetricSpec.higherIsWorse("used", Unit.PERCENT))
                        .warning("80%").critical("90%"))
                .check("health", c -> c.title("Health check")
                        .of(ctx -> up.get() ? CheckResult.ok("healthy") : CheckResult.critical("connection refused"))
                        .incident("P1")
                        .onCritical(r -> r.run("restart-estimator").waitFor("30s").recheck("health").escalate("P1")))
                .level("P1", "Complete service outage", "0m", "infra-manager").thenAfter("30m", "cto")
                .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00")
                        .checks("health").group("Resource usage check", "disk"))
                .build();

        assertThat(rb.procedures().get("morning-check").steps()).hasSize(2);
        assertThat(rb.escalation().level("P1").orElseThrow().then()).hasSize(1);
        assertThat(rb.check("disk").thresholds().get("used").describe())
                .isEqualTo("warning at or above 80%, critical at or above 90%");

        try (Engine engine = Engine.builder().sleeper(d -> { }).build()) {
            RunResult r = engine.run(rb, RunRequest.procedure("morning-check"));
            CheckRun health = r.results().get(0);
            assertThat(health.firstStatus()).isEqualTo(Status.CRITICAL);
            assertThat(health.status()).isEqualTo(Status.OK);
            assertThat(health.actions()).extracting(a -> a.step()).containsExactly("restart-estimator", "wait 30s", "recheck health");
            assertThat(r.status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void namedRemediationsMayBeDeclaredAfterTheChecksUsingThem() {
        Runbook rb = RunbookBuilder.runbook("x")
                .check("disk", c -> c.of(ctx -> CheckResult.warning("full")).onWarning("cleanup"))
                .action("clean-uploads", ctx -> ActionResult.done("deleted 3 files"))
                .remediation("cleanup", r -> r.run("clean-uploads"))
                .build();
        assertThat(rb.check("disk").remediationFor(Status.WARNING).steps()).singleElement().isInstanceOf(Step.Run.class);
    }

    @Test
    void aBrokenReferenceNamesWhatIsMissing() {
        assertThatThrownBy(() -> RunbookBuilder.runbook("x")
                .check("disk", c -> c.of(ctx -> CheckResult.ok("")).onWarning("cleanup"))
                .build()).hasMessage("check 'disk': unknown remediation or action 'cleanup'");
        assertThatThrownBy(() -> RunbookBuilder.runbook("x")
                .check("a", c -> c.of(ctx -> CheckResult.ok("")).dependsOn("b"))
                .check("b", c -> c.of(ctx -> CheckResult.ok("")).dependsOn("a"))
                .build()).hasMessageContaining("dependency cycle: a -> b -> a");
        assertThatThrownBy(() -> RunbookBuilder.runbook("Bad Id")).hasMessageContaining("must match [a-z0-9][a-z0-9-]*");
    }

    @Test
    void procedureGatesChecklistLinesConditionsAndPauseTimeoutReadLikeTheYaml() {
        Runbook rb = RunbookBuilder.runbook("x")
                .check("health", c -> c.of(ctx -> CheckResult.ok("healthy")))
                .action("restart", ctx -> ActionResult.done("restarted"))
                .procedure("p1", p -> p.pauseTimeout("2h").checks("health")
                        .manual("Display the maintenance page").checklistLine("Tell the team")
                        .run("restart").whenNotOk("health"))
                .build();
        var p = rb.procedures().get("p1");
        assertThat(p.pauseTimeout()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(p.steps().get(1)).isEqualTo(new Step.Manual("Display the maintenance page", true));
        assertThat(p.steps().get(2)).isEqualTo(new Step.Manual("Tell the team", false));
        assertThat(p.steps().get(3)).isInstanceOfSatisfying(Step.When.class, w ->
                assertThat(w.condition().checkIds()).containsExactly("health"));
        assertThatThrownBy(() -> RunbookBuilder.runbook("x")
                .check("health", c -> c.of(ctx -> CheckResult.ok("")))
                .procedure("p", q -> q.manual("Confirm").whenOk("helth"))
                .build()).hasMessageContaining("procedure 'p' when names unknown check 'helth'");
    }
}

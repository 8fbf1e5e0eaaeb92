package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Contract §5 [1.1]: an action named by several remediations of one batch runs once; its waits are not slept twice. */
class SharedRemediationActionTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T00:00:00Z"), ZONE);
    final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    final Engine engine = Engine.builder().clock(clock).store(new InMemoryRunStore()).sleeper(d -> {
        slept.add(d);
        clock.advance(d);
    }).build();
    final AtomicBoolean up = new AtomicBoolean(false);
    final AtomicInteger restarts = new AtomicInteger();
    final ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
        restarts.incrementAndGet();
        up.set(true);
        return ActionResult.done("restarted estimator");
    });

    @AfterEach
    void close() {
        engine.close();
    }

    private Runbook outage() {
        CheckDefinition services = CheckDefinition.builder("services",
                        c -> up.get() ? CheckResult.ok("estimator active") : CheckResult.critical("estimator inactive"))
                .on(Status.CRITICAL, Remediation.of("restart-services", List.of(new Step.Run(restart),
                        new Step.Wait(Duration.ofSeconds(30)), new Step.Recheck("services"), new Step.Escalate("P1"))))
                .build();
        CheckDefinition health = CheckDefinition.builder("health",
                        c -> up.get() ? CheckResult.ok("healthy") : CheckResult.critical("connection refused"))
                .on(Status.CRITICAL, Remediation.of("p1", List.of(new Step.Run(restart),
                        new Step.Wait(Duration.ofSeconds(30)), new Step.Recheck("health"), new Step.Escalate("P1"))))
                .build();
        return Runbook.builder("test").zone(ZONE).action(restart).check(services).check(health)
                .procedure(Procedure.of("morning", "Morning", List.of(new Step.Checks(List.of("services", "health"),
                        null))))
                .build();
    }

    @Test
    void theSecondRemediationOfABatchSkipsTheRestartAndItsWaitButStillRechecks() {
        RunResult r = engine.run(outage(), RunRequest.procedure("morning"));

        assertThat(restarts).as("one restart for the batch").hasValue(1);
        assertThat(slept).as("the wait after a skipped restart is not slept").containsExactly(Duration.ofSeconds(30));
        CheckRun first = r.results().get(0);
        CheckRun second = r.results().get(1);
        assertThat(first.actions()).extracting(ActionRun::outcome)
                .containsExactly(Outcome.DONE, Outcome.DONE, Outcome.DONE);
        assertThat(second.actions()).extracting(ActionRun::step)
                .containsExactly("restart-estimator", "wait 30s", "recheck " + second.check());
        assertThat(second.actions()).extracting(ActionRun::outcome)
                .containsExactly(Outcome.SKIPPED, Outcome.SKIPPED, Outcome.DONE);
        assertThat(second.actions().get(0).message()).isEqualTo("already done by the " + first.check() + " remediation");
        assertThat(second.status()).as("its recheck still ran and decided its status").isEqualTo(Status.OK);
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void separateBatchesEachRunTheAction() {
        engine.run(outage(), RunRequest.builder().check("services").build());
        up.set(false);
        engine.run(outage(), RunRequest.builder().check("health").build());
        assertThat(restarts).hasValue(2);
    }
}

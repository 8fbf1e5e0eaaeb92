package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One outage, one incident (contract §7 [1.1]) for an embedder without a store: the engine over
 * {@link InMemoryIncidents}. The seed's estimator outage fails {@code services} and {@code health} in one batch:
 * one restart, one incident covering both, resolved only when both are OK again.
 */
class InMemoryOutageTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"), ZONE);
    final EscalationPolicy policy = new EscalationPolicy(List.of(
            new Level("P1", "Complete service outage", Duration.ZERO, List.of("ops"), List.of()),
            new Level("P2", "Partial service outage", Duration.ofMinutes(30), List.of("ops"), List.of())),
            List.of(), null, List.of());
    final InMemoryIncidents incidents = new InMemoryIncidents(policy, clock);
    final Engine engine = Engine.builder().clock(clock).store(new InMemoryRunStore()).incidents(incidents)
            .sleeper(clock::advance).build();
    final AtomicBoolean estimatorUp = new AtomicBoolean(false);
    final AtomicInteger restarts = new AtomicInteger();

    @AfterEach
    void close() {
        engine.close();
    }

    private Runbook seedLike() {
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
            restarts.incrementAndGet();
            return ActionResult.failed("Job for estimator.service failed");
        });
        List<Step> recover = List.of(new Step.Run(restart), new Step.Wait(Duration.ofSeconds(30)));
        return Runbook.builder("estimator").zone(ZONE).escalation(policy).action(restart)
                .check(CheckDefinition.builder("services", c -> estimatorUp.get() ? CheckResult.ok("active")
                                : CheckResult.critical("estimator failed"))
                        .on(Status.CRITICAL, Remediation.of("restart-services", concat(recover,
                                new Step.Recheck("services"), new Step.Escalate("P1")))).incident("P1").build())
                .check(CheckDefinition.builder("health", c -> estimatorUp.get() ? CheckResult.ok("healthy")
                                : CheckResult.critical("connection refused"))
                        .on(Status.CRITICAL, Remediation.of("p1-recovery", concat(recover,
                                new Step.Recheck("health"), new Step.Escalate("P1")))).incident("P1").build())
                .build();
    }

    private static List<Step> concat(List<Step> a, Step... more) {
        List<Step> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void oneOutageOfTwoChecksOfABatchIsOneRestartAndOneIncidentCoveringBoth() {
        Runbook rb = seedLike();
        RunResult r = engine.run(rb, RunRequest.builder().checks(List.of("services", "health")).build());

        assertThat(restarts).as("the shared restart runs once per batch").hasValue(1);
        CheckRun health = r.results().stream().filter(c -> c.check().equals("health")).findFirst().orElseThrow();
        assertThat(health.actions().get(0).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(health.actions()).extracting(ActionRun::message)
                .anySatisfy(m -> assertThat(m).startsWith("joined incident #1 open at P1"));
        assertThat(incidents.open()).singleElement().satisfies(i -> {
            assertThat(i.check()).isEqualTo("services");
            assertThat(i.checks()).containsExactly("services", "health");
            assertThat(i.timeline()).extracting(Incident.TimelineEntry::kind).contains("joined");
        });
        assertThat(incidents.checks(1)).containsExactly("services", "health");
    }

    @Test
    void theJoinedIncidentResolvesOnlyWhenEveryCheckItCoversIsOk() {
        Runbook rb = seedLike();
        engine.run(rb, RunRequest.builder().checks(List.of("services", "health")).build());
        estimatorUp.set(true);

        engine.run(rb, RunRequest.builder().checks(List.of("health")).build());
        assertThat(incidents.open()).as("services has not been seen OK yet").hasSize(1);
        assertThat(incidents.open().get(0).timeline()).extracting(Incident.TimelineEntry::text)
                .anySatisfy(t -> assertThat(t).isEqualTo("health OK; still waiting for services"));

        engine.run(rb, RunRequest.builder().checks(List.of("services")).build());
        assertThat(incidents.open()).isEmpty();
        assertThat(incidents.all()).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(Incident.State.RESOLVED));
    }
}

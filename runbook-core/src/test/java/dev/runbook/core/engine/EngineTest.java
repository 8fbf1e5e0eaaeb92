package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Secret;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.InMemoryIncidents;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Hysteresis;
import dev.runbook.core.model.MaintenanceWindow;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.Waiver;
import dev.runbook.core.quantity.Unit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T00:00:00Z"), ZONE);
    final InMemoryRunStore store = new InMemoryRunStore();
    final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    final EscalationPolicy policy = new EscalationPolicy(List.of(
            new Level("P1", "Complete service outage", Duration.ZERO, List.of("ops"), List.of()),
            new Level("P2", "Partial service outage", Duration.ofMinutes(30), List.of("ops"), List.of())),
            List.of(), null, List.of());
    final InMemoryIncidents incidents = new InMemoryIncidents(policy, clock);
    final Engine engine = Engine.builder().clock(clock).store(store).incidents(incidents)
            .sleeper(d -> {
                slept.add(d);
                clock.advance(d);
            }).build();

    @AfterEach
    void close() {
        engine.close();
    }

    static CheckDefinition.Builder check(String id, dev.runbook.core.Check c) {
        return CheckDefinition.builder(id, c);
    }

    Runbook.Builder runbook() {
        return Runbook.builder("test").zone(ZONE).escalation(policy);
    }

    @Test
    void aHungCheckBecomesUnknownAtItsTimeoutWhileTheOthersComplete() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Runbook rb = runbook()
                .check(check("hangs", c -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        // a badly behaved probe that keeps hanging after the interrupt
                        release.await(10, TimeUnit.SECONDS);
                    }
                    return CheckResult.ok("never");
                }).timeout(Duration.ofMillis(200)).build())
                .check(check("quick", c -> CheckResult.ok("fine")).build())
                .build();
        RunResult r = engine.run(rb, RunRequest.allChecks());
        CheckRun hung = find(r, "hangs");
        assertThat(hung.status()).isEqualTo(Status.UNKNOWN);
        assertThat(hung.message()).isEqualTo("timed out after 200ms");
        assertThat(find(r, "quick").status()).isEqualTo(Status.OK);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the hung thread was interrupted").isTrue();

        // while the abandoned run is alive, the check is not started again
        RunResult again = engine.run(rb, RunRequest.allChecks());
        assertThat(find(again, "hangs").message()).contains("previous run timed out and is still running");
        release.countDown();
    }

    @Test
    void anExceptionBecomesUnknownWithItsCause() {
        Runbook rb = runbook().check(check("boom", c -> {
            throw new IllegalStateException("no permission to read /proc/1/stat");
        }).build()).build();
        CheckRun r = find(engine.run(rb, RunRequest.allChecks()), "boom");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).isEqualTo("IllegalStateException: no permission to read /proc/1/stat");
    }

    @Test
    void checksOfABatchRunConcurrently() {
        int n = 50;
        CyclicBarrier barrier = new CyclicBarrier(n);
        Runbook.Builder b = runbook();
        for (int i = 0; i < n; i++) {
            b.check(check("c" + i, c -> {
                // only passes if all 50 are running at the same time
                barrier.await(20, TimeUnit.SECONDS);
                return CheckResult.ok("met");
            }).build());
        }
        RunResult r = engine.run(b.build(), RunRequest.allChecks());
        assertThat(r.results()).hasSize(n).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.OK));
    }

    @Test
    void thresholdsJudgeThePrimaryMetricAndSayWhy() {
        Runbook rb = runbook().check(check("disk", c -> CheckResult.builder().message("/ 85.0% used")
                        .metric("used", 85.0).metric("free_bytes", 1e9).build())
                .metrics(List.of(MetricSpec.higherIsWorse("used", Unit.PERCENT), MetricSpec.lowerIsWorse("free_bytes", Unit.BYTES)))
                .thresholds("80%", "90%").build()).build();
        CheckRun r = find(engine.run(rb, RunRequest.allChecks()), "disk");
        assertThat(r.status()).isEqualTo(Status.WARNING);
        assertThat(r.value()).isEqualTo(85.0);
        assertThat(r.unit()).isEqualTo(Unit.PERCENT);
        assertThat(r.message()).isEqualTo("/ 85.0% used — used 85.0% (warning at or above 80%)");
    }

    @Test
    void aThresholdOnAMetricTheProbeDidNotReportIsUnknownNotOk() {
        Runbook rb = runbook().check(check("disk", c -> CheckResult.ok("nothing measured"))
                .metrics(List.of(MetricSpec.higherIsWorse("used", Unit.PERCENT))).thresholds("80%", "90%").build()).build();
        CheckRun r = find(engine.run(rb, RunRequest.allChecks()), "disk");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("no data for metric used");
    }

    @Test
    void aRemediationWhoseRecheckIsOkRecovers() {
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicInteger restarts = new AtomicInteger();
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
            restarts.incrementAndGet();
            up.set(true);
            return ActionResult.done("restarted estimator");
        });
        Runbook rb = runbook().action(restart)
                .check(check("health", c -> up.get() ? CheckResult.ok("healthy") : CheckResult.critical("connection refused: 127.0.0.1:8100"))
                        .on(Status.CRITICAL, Remediation.of("p1", List.of(new Step.Run(restart), new Step.Wait(Duration.ofSeconds(30)),
                                new Step.Recheck("health"), new Step.Escalate("P1"))))
                        .incident("P1").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.allChecks());
        CheckRun h = find(r, "health");
        assertThat(h.firstStatus()).isEqualTo(Status.CRITICAL);
        assertThat(h.status()).isEqualTo(Status.OK);
        assertThat(h.message()).isEqualTo("healthy");
        assertThat(h.actions()).extracting(ActionRun::step)
                .containsExactly("restart-estimator", "wait 30s", "recheck health");
        assertThat(h.actions()).extracting(ActionRun::outcome).containsOnly(Outcome.DONE);
        assertThat(restarts).hasValue(1);
        assertThat(slept).containsExactly(Duration.ofSeconds(30));
        assertThat(incidents.all()).as("recovered: no incident").isEmpty();
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void aShortenedWaitSaysHowLongItReallyWaited() {
        try (Engine e = Engine.builder().clock(clock).sleeper(d -> clock.advance(Duration.ofSeconds(2))).build()) {
            Runbook rb = runbook().check(check("x", c -> CheckResult.critical("down"))
                    .on(Status.CRITICAL, Remediation.of("r", List.of(new Step.Wait(Duration.ofSeconds(30))))).build()).build();
            assertThat(find(e.run(rb, RunRequest.allChecks()), "x").actions().get(0).message())
                    .isEqualTo("waited 2s of 30s (the wait was shortened)");
        }
    }

    @Test
    void aFailedRecheckEscalatesAndOpensOneIncident() {
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> ActionResult.failed("unit not found"));
        Runbook rb = runbook().action(restart)
                .check(check("health", c -> CheckResult.critical("connection refused: 127.0.0.1:8100"))
                        .on(Status.CRITICAL, Remediation.of("p1", List.of(new Step.Run(restart), new Step.Wait(Duration.ofSeconds(30)),
                                new Step.Recheck("health"), new Step.Escalate("P1"))))
                        .incident("P1").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.allChecks());
        CheckRun h = find(r, "health");
        assertThat(h.status()).isEqualTo(Status.CRITICAL);
        assertThat(h.actions()).extracting(ActionRun::step)
                .as("the escalate step opened the incident; the check's incident: P1 adds nothing")
                .containsExactly("restart-estimator", "wait 30s", "recheck health", "escalate P1");
        assertThat(h.actions().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(h.actions().get(3).message()).isEqualTo("incident #1 P1 opened");
        assertThat(incidents.open()).hasSize(1);
        assertThat(r.incidents()).extracting(i -> i.level()).containsExactly("P1");

        // a later OK resolves it
        Runbook healthy = runbook().check(check("health", c -> CheckResult.ok("healthy")).incident("P1").build()).build();
        engine.run(healthy, RunRequest.allChecks());
        assertThat(incidents.open()).isEmpty();
    }

    @Test
    void aChecksIncidentLevelStillRaisesWhatALowerEscalateStepOpened() {
        Runbook rb = runbook().check(check("health", c -> CheckResult.critical("down"))
                .on(Status.CRITICAL, Remediation.of("r", List.of(new Step.Escalate("P2")))).incident("P1").build()).build();
        CheckRun h = find(engine.run(rb, RunRequest.allChecks()), "health");
        assertThat(h.actions()).extracting(ActionRun::step).containsExactly("escalate P2", "incident P1");
        assertThat(h.actions().get(1).message()).isEqualTo("incident #1 raised to P1");
        assertThat(incidents.open()).singleElement().satisfies(i -> assertThat(i.level()).isEqualTo("P1"));
    }

    @Test
    void dryRunRunsNoActionSleepsNoWaitOpensNoIncidentAndStoresNothing() {
        AtomicInteger executed = new AtomicInteger();
        // in dry-run the engine never calls execute: the action describes what it would do
        ActionDefinition restart = ActionDefinition.of("restart-estimator", new dev.runbook.core.action.Action() {
            @Override
            public ActionResult execute(dev.runbook.core.action.ActionContext ctx) {
                executed.incrementAndGet();
                return ActionResult.done("restarted");
            }

            @Override
            public String describe(dev.runbook.core.action.ActionContext ctx) {
                return "would run systemctl restart estimator";
            }
        });
        Runbook rb = runbook().action(restart)
                .check(check("health", c -> CheckResult.critical("down"))
                        .on(Status.CRITICAL, Remediation.of("p1", List.of(new Step.Run(restart), new Step.Wait(Duration.ofSeconds(30)),
                                new Step.Recheck("health"), new Step.Escalate("P1")))).incident("P1").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.builder().dryRun(true).build());
        CheckRun h = find(r, "health");
        assertThat(executed).hasValue(0);
        assertThat(slept).isEmpty();
        assertThat(h.actions()).extracting(ActionRun::outcome).containsOnly(Outcome.DRY_RUN);
        assertThat(h.actions().get(0).message()).isEqualTo("would run systemctl restart estimator");
        assertThat(h.actions().get(3).message()).isEqualTo("would open a P1 incident for health");
        assertThat(incidents.all()).isEmpty();
        assertThat(store.runs()).isEmpty();
        assertThat(r.dryRun()).isTrue();
    }

    @Test
    void anActionThatIgnoresDryRunIsNotReportedAsDone() {
        AtomicInteger calls = new AtomicInteger();
        ActionDefinition careless = ActionDefinition.of("careless", ctx -> {
            calls.incrementAndGet();
            return ActionResult.done("did it anyway");
        });
        Runbook rb = runbook().action(careless).check(check("x", c -> CheckResult.critical("down"))
                .on(Status.CRITICAL, Remediation.of("r", List.of(new Step.Run(careless)))).build()).build();
        CheckRun x = find(engine.run(rb, RunRequest.builder().dryRun(true).build()), "x");
        assertThat(x.actions().get(0).outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(x.actions().get(0).message()).isEqualTo("would run action careless");
        assertThat(calls).as("the action's code is never called in dry-run").hasValue(0);
    }

    @Test
    void noActionsRunsAndStoresChecksButNoRemediation() {
        AtomicInteger executed = new AtomicInteger();
        ActionDefinition a = ActionDefinition.of("a", ctx -> {
            executed.incrementAndGet();
            return ActionResult.done("");
        });
        Runbook rb = runbook().action(a).check(check("x", c -> CheckResult.critical("down"))
                .on(Status.CRITICAL, Remediation.of("r", List.of(new Step.Run(a)))).incident("P1").build()).build();
        RunResult r = engine.run(rb, RunRequest.builder().noActions(true).build());
        assertThat(executed).hasValue(0);
        assertThat(find(r, "x").actions()).isEmpty();
        assertThat(incidents.all()).isEmpty();
        assertThat(store.runs()).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void aDependentOfAFailedCheckIsSkippedAndNotCounted() {
        AtomicInteger ran = new AtomicInteger();
        Runbook rb = runbook()
                .check(check("health", c -> CheckResult.critical("connection refused")).build())
                .check(check("api-latency", c -> {
                    ran.incrementAndGet();
                    return CheckResult.warning("slow");
                }).dependsOn("health").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.builder().check("api-latency").build());
        assertThat(r.results()).extracting(CheckRun::check).containsExactly("health", "api-latency");
        CheckRun dep = find(r, "api-latency");
        assertThat(dep.skipped()).isTrue();
        assertThat(dep.status()).isEqualTo(Status.UNKNOWN);
        assertThat(dep.message()).isEqualTo("skipped: depends on health (CRITICAL)");
        assertThat(ran).hasValue(0);
        assertThat(r.status()).as("only the root cause counts").isEqualTo(Status.CRITICAL);
    }

    @Test
    void aDependentRunsAfterItsDependencyRecoversThroughItsRemediation() {
        AtomicBoolean up = new AtomicBoolean(false);
        AtomicInteger publicRuns = new AtomicInteger();
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
            up.set(true);
            return ActionResult.done("restarted");
        });
        Runbook rb = runbook().action(restart)
                .check(check("health", c -> up.get() ? CheckResult.ok("healthy") : CheckResult.critical("connection refused"))
                        .on(Status.CRITICAL, Remediation.of("r", List.of(new Step.Run(restart), new Step.Recheck("health")))).build())
                .check(check("health-public", c -> {
                    publicRuns.incrementAndGet();
                    return CheckResult.ok("public endpoint healthy");
                }).dependsOn("health").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.allChecks());
        assertThat(r.results()).extracting(CheckRun::check).containsExactly("health", "health-public");
        assertThat(find(r, "health").status()).isEqualTo(Status.OK);
        CheckRun pub = find(r, "health-public");
        assertThat(pub.skipped()).as("its dependency ended OK").isFalse();
        assertThat(pub.status()).isEqualTo(Status.OK);
        assertThat(publicRuns).hasValue(1);
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void forThreeRunsHoldsOkWithPendingUntilTheThirdFailure() {
        Runbook rb = runbook().check(check("disk", c -> CheckResult.critical("full"))
                .hysteresis(new Hysteresis(3, null, 0, null, null)).build()).build();
        CheckRun first = find(engine.run(rb, RunRequest.allChecks()), "disk");
        assertThat(first.status()).isEqualTo(Status.OK);
        assertThat(first.pending().count()).isEqualTo(1);
        assertThat(first.pending().of()).isEqualTo(3);
        assertThat(first.message()).contains("pending CRITICAL: 1 of 3 runs");
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "disk").pending().count()).isEqualTo(2);
        CheckRun third = find(engine.run(rb, RunRequest.allChecks()), "disk");
        assertThat(third.status()).isEqualTo(Status.CRITICAL);
        assertThat(third.pending()).isNull();
    }

    @Test
    void forADurationHoldsUntilTheProblemLastedThatLong() {
        Runbook rb = runbook().check(check("cpu", c -> CheckResult.warning("busy"))
                .hysteresis(new Hysteresis(0, Duration.ofMinutes(10), 0, null, null)).build()).build();
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "cpu").status()).isEqualTo(Status.OK);
        clock.advance(Duration.ofMinutes(9));
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "cpu").status()).isEqualTo(Status.OK);
        clock.advance(Duration.ofMinutes(1));
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "cpu").status()).isEqualTo(Status.WARNING);
    }

    @Test
    void aFlappingCheckOpensNoIncident() {
        AtomicInteger n = new AtomicInteger();
        Runbook rb = runbook().check(check("flaky", c -> n.incrementAndGet() % 2 == 0 ? CheckResult.ok("up") : CheckResult.critical("down"))
                .hysteresis(new Hysteresis(0, null, 0, null, new Hysteresis.Flapping(5, 20, 30))).incident("P1").build()).build();
        CheckRun last = null;
        for (int i = 0; i < 7; i++) {
            last = find(engine.run(rb, RunRequest.allChecks()), "flaky");
        }
        assertThat(last.flapping()).isTrue();
        assertThat(last.status()).isEqualTo(Status.CRITICAL);
        assertThat(last.actions()).extracting(ActionRun::outcome).containsExactly(Outcome.SKIPPED);
        assertThat(incidents.all()).as("opened before flapping was detected, never again after").hasSizeLessThanOrEqualTo(1);
        long openedWhileFlapping = incidents.all().stream().filter(i -> i.openedAt().isAfter(clock.instant())).count();
        assertThat(openedWhileFlapping).isZero();
    }

    @Test
    void aLimitRunsItsThenStepsAfterTooManyAttempts() {
        AtomicInteger restarts = new AtomicInteger();
        ActionDefinition restart = ActionDefinition.of("restart", ctx -> {
            restarts.incrementAndGet();
            return ActionResult.done("restarted");
        });
        Remediation rem = new Remediation("restart-limited", List.of(new Step.Run(restart)),
                new Remediation.Limit(2, Duration.ofHours(1), List.of(new Step.Escalate("P2"))));
        Runbook rb = runbook().action(restart).check(check("svc", c -> CheckResult.critical("down"))
                .on(Status.CRITICAL, rem).build()).build();
        engine.run(rb, RunRequest.allChecks());
        engine.run(rb, RunRequest.allChecks());
        CheckRun third = find(engine.run(rb, RunRequest.allChecks()), "svc");
        assertThat(restarts).hasValue(2);
        assertThat(third.actions()).extracting(ActionRun::step).containsExactly("limit", "escalate P2");
        clock.advance(Duration.ofHours(2));
        CheckRun later = find(engine.run(rb, RunRequest.allChecks()), "svc");
        assertThat(later.actions()).extracting(ActionRun::step).as("the window has passed").containsExactly("restart");
    }

    @Test
    void waivedAndMaintenanceResultsAreShownButNotCounted() {
        Runbook rb = runbook()
                .check(check("known", c -> CheckResult.critical("known issue")).waive(new Waiver(LocalDate.of(2026, 12, 31), "ticket 42")).build())
                .check(check("patched", c -> CheckResult.critical("rebooting"))
                        .maintenance(MaintenanceWindow.between(Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-29T00:00:00Z"), "patching")).build())
                .build();
        RunResult r = engine.run(rb, RunRequest.allChecks());
        assertThat(find(r, "known").waived()).isTrue();
        assertThat(find(r, "known").message()).contains("waived until 2026-12-31: ticket 42");
        assertThat(find(r, "patched").maintenance()).isTrue();
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void aWaiverLapsesAfterItsDayInTheRunbooksZone() {
        clock.set(Instant.parse("2026-12-31T14:59:59Z")); // 23:59:59 in Tokyo
        Runbook rb = runbook().check(check("known", c -> CheckResult.critical("known"))
                .waive(new Waiver(LocalDate.of(2026, 12, 31), null)).build()).build();
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "known").waived()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "known").waived()).isFalse();
    }

    @Test
    void aProcedureRunsStepsInOrderAndARecheckThatIsOkEndsIt() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        ActionDefinition stop = ActionDefinition.of("stop-estimator", ctx -> {
            order.add("stop");
            return ActionResult.done("stopped");
        });
        ActionDefinition rollback = ActionDefinition.of("rollback", ctx -> {
            order.add("rollback");
            return ActionResult.done("rolled back");
        });
        Runbook rb = runbook().action(stop).action(rollback)
                .check(check("health", c -> {
                    order.add("health");
                    return CheckResult.ok("healthy");
                }).build())
                .procedure(Procedure.of("planned-maintenance", "Planned Maintenance", List.of(
                        new Step.Manual("Notify users of the maintenance window"),
                        new Step.Run(stop), new Step.Wait(Duration.ofSeconds(10)), new Step.Recheck("health"),
                        new Step.Run(rollback), new Step.Escalate("P2"))))
                .build();
        RunResult r = engine.run(rb, RunRequest.builder().procedure("planned-maintenance").prompter(t -> Optional.of(true)).build());
        assertThat(order).containsExactly("stop", "health");
        assertThat(r.steps()).extracting(StepRun::outcome)
                .containsExactly(Outcome.DONE, Outcome.DONE, Outcome.DONE, Outcome.DONE, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.procedure()).isEqualTo("planned-maintenance");
    }

    @Test
    void anUnconfirmedManualGateIsUnknownAndAFailedActionStepCritical() {
        ActionDefinition deploy = ActionDefinition.of("deploy", ctx -> ActionResult.failed("git pull failed"));
        Runbook rb = runbook().action(deploy)
                .procedure(Procedure.of("p", null, List.of(new Step.Manual("Confirm backups"))))
                .procedure(Procedure.of("q", null, List.of(new Step.Run(deploy))))
                .build();
        RunResult p = engine.run(rb, RunRequest.procedure("p"));
        // [1.1] a manual step is a gate: with nobody to ask the run pauses there, UNKNOWN
        assertThat(p.steps().get(0).message()).isEqualTo("waiting for confirmation");
        assertThat(p.status()).isEqualTo(Status.UNKNOWN);
        RunResult q = engine.run(rb, RunRequest.procedure("q"));
        assertThat(q.steps().get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat(q.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void capturedValuesFlowToLaterSteps() {
        List<String> seen = new ArrayList<>();
        ActionDefinition capture = ActionDefinition.of("remember", ctx -> {
            ctx.capture("previous_commit", "abc123");
            return ActionResult.done("captured");
        });
        ActionDefinition use = ActionDefinition.of("rollback", ctx -> {
            seen.add(ctx.expand("git checkout ${captured.previous_commit}"));
            return ActionResult.done("ok");
        });
        Runbook rb = runbook().action(capture).action(use)
                .procedure(Procedure.of("p", null, List.of(new Step.Run(capture), new Step.Run(use)))).build();
        engine.run(rb, RunRequest.procedure("p"));
        assertThat(seen).containsExactly("git checkout abc123");
    }

    @Test
    void consecutiveCheckStepsRunAsOneBatchAndEachGetsAChecklistLine() {
        Runbook rb = runbook()
                .check(check("a", c -> CheckResult.ok("a")).build())
                .check(check("b", c -> CheckResult.warning("b")).build())
                .procedure(Procedure.of("morning-check", "Morning Check", List.of(
                        new Step.Checks(List.of("a"), null), new Step.Checks(List.of("a", "b"), "Resource usage check"))))
                .build();
        RunResult r = engine.run(rb, RunRequest.procedure("morning-check"));
        assertThat(r.results()).extracting(CheckRun::check).containsExactly("a", "b");
        assertThat(r.steps()).extracting(StepRun::title).containsExactly("a", "Resource usage check");
        assertThat(r.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void aCheckReadsMetricsOfChecksItRunsAfter() {
        Runbook rb = runbook()
                .check(check("access", c -> CheckResult.builder().metric("requests", 200).build())
                        .metrics(List.of(MetricSpec.informational("requests", Unit.COUNT))).build())
                .check(check("errors", c -> CheckResult.builder().metric("entries", 3).build())
                        .metrics(List.of(MetricSpec.higherIsWorse("entries", Unit.COUNT))).build())
                .check(check("error-rate", c -> {
                    double v = c.runMetric("errors.entries").orElseThrow() / c.runMetric("access.requests").orElseThrow() * 100;
                    return CheckResult.builder().metric("value", v).build();
                }).metrics(List.of(MetricSpec.higherIsWorse("value", Unit.PERCENT))).thresholds(null, "1%")
                        .after("access", "errors").build())
                .build();
        RunResult r = engine.run(rb, RunRequest.builder().check("error-rate").check("access").check("errors").build());
        CheckRun rate = find(r, "error-rate");
        assertThat(rate.value()).isEqualTo(1.5);
        assertThat(rate.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void secretsAreScrubbedFromMessages() {
        Runbook rb = runbook().secret(Secret.of("health_password", "s3cr3t-pw"))
                .check(check("health", c -> CheckResult.critical("401 for https://ops:s3cr3t-pw@example.com")).build()).build();
        assertThat(find(engine.run(rb, RunRequest.allChecks()), "health").message())
                .isEqualTo("401 for https://ops:******@example.com");
    }

    @Test
    void aCheckUsingAnUnsetSecretIsUnknownWithoutRunning() {
        AtomicInteger ran = new AtomicInteger();
        Runbook rb = runbook().check(check("health", c -> {
            ran.incrementAndGet();
            return CheckResult.ok("");
        }).missingSecrets(java.util.Set.of("health_password")).build()).build();
        CheckRun h = find(engine.run(rb, RunRequest.allChecks()), "health");
        assertThat(h.status()).isEqualTo(Status.UNKNOWN);
        assertThat(h.message()).isEqualTo("secret health_password is not set");
        assertThat(ran).hasValue(0);
    }

    @Test
    void aFailingListenerNeverAbortsTheRun() {
        try (Engine e = Engine.builder().clock(clock).listener(new RunListener() {
            @Override
            public void checkFinished(CheckRun result) {
                throw new IllegalStateException("listener bug");
            }
        }).build()) {
            Runbook rb = runbook().check(check("a", c -> CheckResult.ok("fine")).build()).build();
            assertThat(e.run(rb, RunRequest.allChecks()).status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void aStoreThatCannotBeWrittenStillReturnsTheResults() {
        dev.runbook.core.engine.RunStore broken = new dev.runbook.core.engine.RunStore() {
            @Override
            public void record(RunResult run) {
                throw new StoreException("disk full: /var/lib/runbook/x.db");
            }

            @Override
            public dev.runbook.core.StateStore state() {
                return store;
            }

            @Override
            public dev.runbook.core.HistoryReader history() {
                return store;
            }

            @Override
            public void close() {
            }
        };
        try (Engine e = Engine.builder().clock(clock).store(broken).build()) {
            Runbook rb = runbook().check(check("a", c -> CheckResult.warning("meh")).build()).build();
            RunResult r = e.run(rb, RunRequest.allChecks());
            assertThat(r.status()).isEqualTo(Status.WARNING);
            assertThat(r.storeError()).isEqualTo("disk full: /var/lib/runbook/x.db");
        }
    }

    @Test
    void unknownIdsAreRefusedBeforeAnythingRuns() {
        Runbook rb = runbook().check(check("a", c -> CheckResult.ok("")).build()).build();
        assertThatThrownBy(() -> engine.run(rb, RunRequest.procedure("nope"))).hasMessageContaining("unknown procedure 'nope'");
        assertThatThrownBy(() -> engine.run(rb, RunRequest.builder().check("dsik").build())).hasMessageContaining("unknown check 'dsik'");
    }

    static CheckRun find(RunResult r, String id) {
        return r.results().stream().filter(c -> c.check().equals(id)).reduce((a, b) -> b).orElseThrow();
    }
}

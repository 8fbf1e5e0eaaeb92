package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.HistoryReader;
import dev.runbook.core.ManualClock;
import dev.runbook.core.StateStore;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract §6 [1.1] "every run is recorded, step by step": consecutive check steps run together, then their
 * checks' remediations (the seed's P1: restart, wait 30 s, recheck). Each check step is stored as soon as its checks'
 * results are in, before those remediations run, so a run killed during the remediation's wait shows the check steps
 * that had finished; the run's end still stores what the remediations made of them. The remediation's wait blocks on
 * a latch here, standing for the 30 s during which the run can be killed.
 */
class CheckStepStoredBeforeRemediationTest {
    static final ZoneId ZONE = ZoneId.of("UTC");
    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    static final long RUN_ID = 41;

    final ManualClock clock = new ManualClock(T0, ZONE);
    final StepRecorder store = new StepRecorder();
    final CountDownLatch waiting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    /** What the store held when the remediation's wait began. */
    volatile List<StepRun> storedWhenTheWaitBegan;
    final Engine engine = Engine.builder().clock(clock).store(store).sleeper(d -> {
        storedWhenTheWaitBegan = store.written();
        waiting.countDown();
        release.await();
        clock.advance(d);
    }).build();
    final AtomicBoolean up = new AtomicBoolean(false);
    final AtomicInteger restarts = new AtomicInteger();
    final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        release.countDown();
        runner.shutdownNow();
        engine.close();
    }

    /** A store that keeps a trail (a run id from startRun) and every step written to it, in order. */
    static final class StepRecorder implements RunStore {
        private final InMemoryRunStore memory = new InMemoryRunStore();
        private final List<StepRun> steps = new ArrayList<>();

        @Override
        public void record(RunResult run) {
            memory.record(run);
        }

        @Override
        public long recordRun(RunResult run) {
            return memory.recordRun(run);
        }

        @Override
        public long startRun(String runbook, String procedure, Instant startedAt, String operator, RunTrail trail) {
            return RUN_ID;
        }

        @Override
        public synchronized void recordStep(long runId, String trigger, StepRun step) {
            assertThat(runId).isEqualTo(RUN_ID);
            steps.add(step);
        }

        synchronized List<StepRun> written() {
            return List.copyOf(steps);
        }

        @Override
        public StateStore state() {
            return memory.state();
        }

        @Override
        public HistoryReader history() {
            return memory.history();
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    private Runbook p1() {
        ActionDefinition restart = ActionDefinition.of("restart-services", ctx -> {
            restarts.incrementAndGet();
            up.set(true);
            return ActionResult.done("restarted httpd, estimator");
        });
        CheckDefinition services = CheckDefinition.builder("services",
                        c -> up.get() ? CheckResult.ok("estimator active") : CheckResult.critical("estimator failed"))
                .on(Status.CRITICAL, Remediation.of("restart-services", List.of(new Step.Run(restart),
                        new Step.Wait(Duration.ofSeconds(30)), new Step.Recheck("services"))))
                .build();
        CheckDefinition health = CheckDefinition.builder("health", c -> CheckResult.ok("healthy")).build();
        CheckDefinition disk = CheckDefinition.builder("disk", c -> CheckResult.ok("41% used")).build();
        return Runbook.builder("ai-estimator").zone(ZONE).action(restart).check(services).check(health).check(disk)
                .procedure(Procedure.of("morning-check", "Morning Check", List.of(
                        new Step.Checks(List.of("services"), "Service status check"),
                        new Step.Checks(List.of("health"), "Health check"),
                        new Step.Run(restart),
                        new Step.Checks(List.of("disk"), "Disk usage check"))))
                .build();
    }

    @Test
    void theCheckStepsOfABatchAreStoredBeforeTheirRemediationsWaitAndAgainWithItsOutcome() throws Exception {
        Future<RunResult> running = runner.submit(() -> engine.run(p1(), RunRequest.procedure("morning-check")));

        assertThat(waiting.await(60, TimeUnit.SECONDS)).as("the remediation's wait began (a hang guard)").isTrue();
        List<StepRun> early = storedWhenTheWaitBegan;
        assertThat(early).as("both check steps of the batch, stored before the remediation's wait")
                .extracting(StepRun::index).containsExactly(1, 2);
        StepRun services = early.get(0);
        assertThat(services.title()).isEqualTo("Service status check");
        assertThat(services.kind()).isEqualTo("checks");
        assertThat(services.message()).isEqualTo("services CRITICAL");
        assertThat(services.shown()).as("its check's own result, before any remediation").isEqualTo(Status.CRITICAL);
        assertThat(services.startedAt()).isEqualTo(T0);
        assertThat(services.finishedAt()).as("the check's own end, not the remediation's").isEqualTo(T0);
        assertThat(early.get(1).message()).isEqualTo("health OK");
        assertThat(early.get(1).shown()).isEqualTo(Status.OK);
        assertThat(restarts).as("the restart ran before the wait").hasValue(1);

        release.countDown();
        RunResult r = running.get(60, TimeUnit.SECONDS); // a hang guard, not a speed bound

        assertThat(r.status()).isEqualTo(Status.OK);
        StepRun finalServices = r.steps().get(0);
        assertThat(finalServices.message()).as("the remediation's outcome reaches the run as before")
                .isEqualTo("services OK");
        assertThat(finalServices.shown()).isEqualTo(Status.OK);
        assertThat(finalServices.startedAt()).isEqualTo(T0);
        assertThat(finalServices.finishedAt()).isEqualTo(T0.plusSeconds(30));
        List<StepRun> all = store.written();
        assertThat(all).extracting(StepRun::index).as("the batch's steps early, then every step as it finished")
                .containsExactly(1, 2, 1, 2, 3, 4);
        assertThat(all.subList(2, 6)).as("what the store ends with is what the run shows")
                .containsExactlyElementsOf(r.steps());
    }

    @Test
    void aBatchWithNothingToRemediateIsStoredOnceAsBefore() throws Exception {
        up.set(true);
        RunResult r = runner.submit(() -> engine.run(p1(), RunRequest.procedure("morning-check")))
                .get(60, TimeUnit.SECONDS); // a hang guard, not a speed bound

        assertThat(waiting.getCount()).as("nothing waited").isEqualTo(1);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(store.written()).as("one write per step").containsExactlyElementsOf(r.steps());
    }
}

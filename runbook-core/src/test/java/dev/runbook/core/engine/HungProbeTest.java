package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probes that ignore interrupts, through the engine (the repro programs PoolExhaustion and HungRace). The bounds
 * given to {@code assertTimeoutPreemptively} are hang guards (the engine must return at all), not speed checks.
 */
class HungProbeTest {
    /** Released after each test, so the uninterruptible probes of a test end with it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHungProbes() {
        release.countDown();
    }

    /** Blocks until the test ends, ignoring every interrupt (a log check on a FIFO, a disk check on a hung mount). */
    private void hang() {
        while (true) {
            try {
                release.await();
                return;
            } catch (InterruptedException ignored) {
                // like open(2) on a FIFO: the interrupt does not reach it
            }
        }
    }

    @Test
    void aProbeThatIgnoresInterruptsWithARemediationNeverExhaustsThePool() {
        AtomicInteger actionInterrupted = new AtomicInteger();
        CountDownLatch firstInterrupt = new CountDownLatch(1);
        Runbook rb = RunbookBuilder.runbook("pool")
                .action("poke", "Poke", "1s", ctx -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        actionInterrupted.incrementAndGet();
                        firstInterrupt.countDown();
                        throw e;
                    }
                    return ActionResult.done("poked");
                })
                .check("stuck", c -> c.of(ctx -> {
                    hang();
                    return CheckResult.ok("released");
                }).timeout("1s").onUnknown("stuck-fix"))
                .remediation("stuck-fix", r -> r.run("poke").recheck("stuck"))
                .check("fine", c -> c.of(ctx -> CheckResult.ok("fine")).timeout("5s"))
                .build();
        try (Engine e = Engine.builder().concurrency(3).build()) {
            for (int i = 0; i < 5; i++) {
                RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> e.run(rb, RunRequest.allChecks()),
                        "Engine.run must return while a probe hangs");
                CheckRun stuck = r.results().stream().filter(c -> c.check().equals("stuck")).findFirst().orElseThrow();
                CheckRun fine = r.results().stream().filter(c -> c.check().equals("fine")).findFirst().orElseThrow();
                assertThat(fine.status()).as("run %d: the other check still runs", i).isEqualTo(Status.OK);
                assertThat(stuck.firstStatus()).isEqualTo(Status.UNKNOWN);
                assertThat(stuck.status()).isEqualTo(Status.UNKNOWN);
                assertThat(stuck.actions()).extracting(ActionRun::step).containsExactly("poke", "recheck stuck");
                assertThat(stuck.actions().get(0).outcome()).as("run %d: the action is cut at its timeout", i)
                        .isEqualTo(Outcome.TIMED_OUT);
                // the recheck (and, after the first run, the probe) is not started on top of the hung probe
                assertThat(stuck.message()).as("run %d", i)
                        .isEqualTo("not started: its previous run timed out and is still running");
            }
        }
        assertThat(actionInterrupted.get()).as("the action's worker was interrupted at its timeout").isEqualTo(5);
    }

    @Test
    void abandonedProbesAreReplacedByFreshWorkersAndPastTheBoundAreNoWorkerFree() {
        RunbookBuilder b = RunbookBuilder.runbook("bound");
        for (int i = 0; i < 4; i++) {
            b.check("hung-" + i, c -> c.of(ctx -> {
                hang();
                return CheckResult.ok("released");
            }).timeout("1s"));
        }
        Runbook hung = b.check("fine", c -> c.of(ctx -> CheckResult.ok("fine")).timeout("5s")).build();
        Runbook fine = RunbookBuilder.runbook("bound").check("fine", c -> c.of(ctx -> CheckResult.ok("fine"))
                .timeout("5s")).build();
        try (Engine e = Engine.builder().concurrency(1).abandonedBound(2).build()) {
            // one worker and a bound of two fresh ones: hung-0, hung-1 and hung-2 each abandon a worker and the
            // fine check still runs beside them; then the bound is passed and no worker is free, at once
            RunResult beside = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> e.run(hung, RunRequest.builder().checks(List.of("hung-0", "fine")).build()));
            assertThat(beside.results()).extracting(CheckRun::message).containsExactly("timed out after 1s", "fine");
            for (int i = 1; i < 3; i++) {
                String id = "hung-" + i;
                RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> e.run(hung, RunRequest.builder().checks(List.of(id)).build()));
                assertThat(r.results().get(0).message()).as(id).isEqualTo("timed out after 1s");
            }
            assertThat(e.invoker().abandoned()).isEqualTo(3);
            RunResult past = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> e.run(hung, RunRequest.builder().checks(List.of("hung-3")).build()));
            assertThat(past.results().get(0).message())
                    .isEqualTo("not started: no worker free (abandoned workers reached their bound)");
            RunResult after = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> e.run(fine, RunRequest.allChecks()));
            assertThat(after.results().get(0).message())
                    .isEqualTo("not started: no worker free (abandoned workers reached their bound)");
            release.countDown();
            RunResult recovered = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                RunResult r;
                do {
                    r = e.run(fine, RunRequest.allChecks());
                } while (r.status() != Status.OK && sleep(20));
                return r;
            });
            assertThat(recovered.results().get(0).message()).isEqualTo("fine");
        }
    }

    @Test
    void aProbeThatEndsJustAfterItsTimeoutIsStartedAgainOnceItHasEnded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch probeEnded = new CountDownLatch(1);
        CountDownLatch letProbeEnd = new CountDownLatch(1);
        CountDownLatch listenerDone = new CountDownLatch(1);
        Runbook rb = RunbookBuilder.runbook("race")
                .check("slow", c -> c.of(ctx -> {
                    if (calls.incrementAndGet() == 1) {
                        try {
                            while (true) {
                                try {
                                    letProbeEnd.await();
                                    break;
                                } catch (InterruptedException ignored) {
                                    // ends on its own, a moment after its timeout
                                }
                            }
                        } finally {
                            probeEnded.countDown();
                        }
                    }
                    return CheckResult.ok("done");
                }).timeout("300ms"))
                .build();
        RunListener slowListener = new RunListener() {
            @Override
            public void checkFinished(CheckRun r) {
                if (r.status() == Status.UNKNOWN) {
                    // the probe ends while the listener hears of its timeout
                    letProbeEnd.countDown();
                    try {
                        probeEnded.await(10, TimeUnit.SECONDS);
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        listenerDone.countDown();
                    }
                }
            }
        };
        try (Engine e = Engine.builder().listener(slowListener).build()) {
            CheckRun first = e.run(rb, RunRequest.allChecks()).results().get(0);
            assertThat(first.message()).isEqualTo("timed out after 300ms");
            assertThat(listenerDone.await(10, TimeUnit.SECONDS)).isTrue();
            // the probe has ended: within a hang guard, the check runs again and is OK
            CheckRun later = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                CheckRun r;
                do {
                    r = e.run(rb, RunRequest.allChecks()).results().get(0);
                } while (r.status() != Status.OK && sleep(20));
                return r;
            }, "the check stayed refused after its probe had ended");
            assertThat(later.message()).isEqualTo("done");
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}

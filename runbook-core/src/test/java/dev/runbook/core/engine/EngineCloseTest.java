package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Engine.close() while a run is in flight (the repro program CloseDuringRun). */
class EngineCloseTest {

    @Test
    void closingDuringARunCompletesWhatIsPendingAsEngineClosedAndTheRunReturns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Runbook rb = RunbookBuilder.runbook("close")
                .check("a", c -> c.of(ctx -> {
                    started.countDown();
                    never.await(60, TimeUnit.SECONDS);
                    return CheckResult.ok("a");
                }).timeout("30s"))
                .check("b", c -> c.of(ctx -> CheckResult.ok("b")).timeout("30s"))
                .build();
        Engine e = Engine.builder().concurrency(1).build();
        CompletableFuture<RunResult> f = CompletableFuture.supplyAsync(() -> e.run(rb, RunRequest.allChecks()));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(10), e::close, "close() returns promptly");
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> f.get(),
                "the run in flight returns after close()");
        assertThat(r.results()).extracting(CheckRun::status).containsOnly(Status.UNKNOWN);
        assertThat(r.results()).extracting(CheckRun::message).containsOnly("engine closed");
        never.countDown();
    }

    @Test
    void aRunAfterCloseReturnsAtOnceWithEveryCheckUnknown() {
        Runbook rb = RunbookBuilder.runbook("closed")
                .check("a", c -> c.of(ctx -> CheckResult.ok("a")).timeout("30s")).build();
        Engine e = Engine.builder().build();
        e.close();
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> e.run(rb, RunRequest.allChecks()));
        assertThat(r.results().get(0).status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.results().get(0).message()).isEqualTo("engine closed");
    }

    @Test
    void closingCutsARemediationsWaitShort() throws Exception {
        CountDownLatch probed = new CountDownLatch(1);
        Runbook rb = RunbookBuilder.runbook("wait")
                .action("mark", ctx -> {
                    probed.countDown();
                    return dev.runbook.core.action.ActionResult.done("marked");
                })
                .check("down", c -> c.of(ctx -> CheckResult.critical("down")).onCritical("fix"))
                .remediation("fix", r -> r.run("mark").waitFor("1h").recheck("down"))
                .build();
        Engine e = Engine.builder().build();
        CompletableFuture<RunResult> f = CompletableFuture.supplyAsync(() -> e.run(rb, RunRequest.allChecks()));
        assertThat(probed.await(10, TimeUnit.SECONDS)).isTrue();
        e.close();
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> f.get(),
                "a run waiting in a remediation returns after close()");
        CheckRun down = r.results().get(0);
        assertThat(down.actions()).extracting(ActionRun::step).containsExactly("mark", "wait 1h 0m", "recheck down");
        assertThat(down.status()).isEqualTo(Status.UNKNOWN);
        assertThat(down.message()).isEqualTo("engine closed");
    }
}

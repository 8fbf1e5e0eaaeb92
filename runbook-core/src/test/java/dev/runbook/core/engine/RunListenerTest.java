package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Listeners: one ordered event thread, checkFinished before runFinished, contained failures, bounded calls. */
class RunListenerTest {

    private static Runbook slowAndQuick() {
        return RunbookBuilder.runbook("events")
                .check("times-out", c -> c.of(ctx -> {
                    Thread.sleep(60_000);
                    return CheckResult.ok("late");
                }).timeout("100ms"))
                .check("quick", c -> c.of(ctx -> CheckResult.ok("quick")).timeout("5s"))
                .build();
    }

    @Test
    void listenersAreCalledInOrderOnTheEventThreadNeverOnATimerOrAWorker() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RunListener recorder = new RunListener() {
            @Override
            public void checkFinished(CheckRun r) {
                heard.add("checkFinished " + r.check() + " on " + Thread.currentThread().getName());
            }

            @Override
            public void runFinished(RunResult r) {
                heard.add("runFinished on " + Thread.currentThread().getName());
            }
        };
        try (Engine e = Engine.builder().listener(recorder).build()) {
            e.run(slowAndQuick(), RunRequest.allChecks());
            List<String> atReturn = List.copyOf(heard);
            assertThat(atReturn).hasSize(3);
            assertThat(atReturn.get(2)).startsWith("runFinished");
            assertThat(atReturn).allSatisfy(s -> assertThat(s).contains(" on runbook-events-"));
            assertThat(atReturn).anySatisfy(s -> assertThat(s).startsWith("checkFinished times-out"));
        }
    }

    @Test
    void aListenerHearsOfARemediationsStepsBeforeTheIncidentOpens() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RunListener recorder = new RunListener() {
            @Override
            public void actionFinished(String checkId, ActionRun action) {
                try {
                    Thread.sleep(50); // a recorder that writes somewhere
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heard.add("action " + action.step());
            }
        };
        dev.runbook.core.escalation.IncidentService incidents = new dev.runbook.core.escalation.IncidentService() {
            @Override
            public String escalate(dev.runbook.core.escalation.IncidentRequest r) {
                heard.add("incident " + r.level());
                return "incident #1 " + r.level() + " opened";
            }

            @Override
            public void recovered(String check, CheckResult result, java.time.Instant at) {
            }

            @Override
            public void processDue(java.time.Instant now) {
            }

            @Override
            public List<dev.runbook.core.escalation.Incident> open() {
                return List.of();
            }
        };
        Runbook rb = RunbookBuilder.runbook("timeline")
                .action("restart", ctx -> dev.runbook.core.action.ActionResult.done("restarted"))
                .check("api", c -> c.of(ctx -> CheckResult.critical("down")).onCritical("fix").incident("P1"))
                .remediation("fix", r -> r.run("restart").recheck("api"))
                .build();
        try (Engine e = Engine.builder().listener(recorder).incidents(incidents).build()) {
            e.run(rb, RunRequest.allChecks());
        }
        assertThat(heard).containsExactly("action restart", "action recheck api", "incident P1");
    }

    @Test
    void aThrowingListenerIsSkippedAndTheOthersStillHear() {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RunListener broken = new RunListener() {
            @Override
            public void checkFinished(CheckRun r) {
                throw new IllegalStateException("listener bug");
            }
        };
        RunListener good = new RunListener() {
            @Override
            public void runFinished(RunResult r) {
                heard.add("runFinished " + r.status());
            }
        };
        try (Engine e = Engine.builder().listener(broken).listener(good).build()) {
            RunResult r = e.run(RunbookBuilder.runbook("x").check("a", c -> c.of(ctx -> CheckResult.ok("a"))).build(),
                    RunRequest.allChecks());
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(heard).containsExactly("runFinished OK");
        }
    }

    @Test
    void aListenerThatHangsIsCutAtItsTimeoutAndTheRunReturns() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        RunListener hangs = new RunListener() {
            @Override
            public void checkFinished(CheckRun r) {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // ignores the interrupt
                    }
                }
            }
        };
        RunListener after = new RunListener() {
            @Override
            public void runFinished(RunResult r) {
                heard.add("runFinished");
            }
        };
        try (Engine e = Engine.builder().listener(hangs).listener(after).listenerTimeout(Duration.ofSeconds(1))
                .build()) {
            Runbook rb = RunbookBuilder.runbook("x").check("a", c -> c.of(ctx -> CheckResult.ok("a"))).build();
            for (int i = 0; i < 3; i++) {
                RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> e.run(rb, RunRequest.allChecks()),
                        "a hung listener must not hold up the run");
                assertThat(r.status()).isEqualTo(Status.OK);
            }
            assertThat(heard).containsExactly("runFinished", "runFinished", "runFinished");
        } finally {
            release.countDown();
        }
    }
}

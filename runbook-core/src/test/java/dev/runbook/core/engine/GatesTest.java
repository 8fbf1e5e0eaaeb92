package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.StoredResult;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.StepCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Manual gates, {@code when} conditions and the stored trail of a run (runbook-format §6 [1.1]), on the engine with
 * the in-memory store and a fake clock: nothing sleeps.
 */
class GatesTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T00:00:00Z"), ZONE);
    final InMemoryRunStore store = new InMemoryRunStore();
    final Engine engine = Engine.builder().clock(clock).store(store).sleeper(clock::advance).build();
    final List<String> done = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<Status> health = new AtomicReference<>(Status.OK);

    @AfterEach
    void close() {
        engine.close();
    }

    ActionDefinition action(String id) {
        return ActionDefinition.of(id, ctx -> {
            done.add(id + (ctx.captured().isEmpty() ? "" : " " + ctx.captured()));
            return ActionResult.done(id + " done");
        });
    }

    Runbook maintenance(Duration pauseTimeout) {
        ActionDefinition record = ActionDefinition.of("record-commit", ctx -> {
            ctx.capture("previous_commit", "abc123");
            done.add("record-commit");
            return ActionResult.done("abc123");
        });
        ActionDefinition deploy = action("deploy");
        return Runbook.builder("rb").zone(ZONE).action(record).action(deploy)
                .procedure(new Procedure("maint", "Maintenance", List.of(), List.of(new Step.Run(record),
                        new Step.Manual("Display the maintenance page"), new Step.Run(deploy)), pauseTimeout))
                .build();
    }

    @Test
    void aGateWithNobodyToAskPausesTheRunAndNothingAfterItRuns() {
        RunResult r = engine.run(maintenance(null), RunRequest.builder().procedure("maint").operator("cron").build());
        assertThat(done).containsExactly("record-commit");
        assertThat(r.paused()).isTrue();
        assertThat(r.trail().pausedAtStep()).isEqualTo(2);
        assertThat(r.trail().id()).isNotNull();
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.steps()).extracting(StepRun::index).containsExactly(1, 2);
        assertThat(r.steps().get(1).outcome()).isEqualTo(Outcome.WAITING);
        assertThat(r.steps().get(1).message()).isEqualTo("waiting for confirmation");
        StoredRun stored = store.journal().run("rb", r.trail().id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(RunState.PAUSED);
        assertThat(stored.captured()).containsEntry("previous_commit", "abc123");
        assertThat(stored.statusBeforeGate()).isEqualTo(Status.OK);
        assertThat(stored.trigger()).isEqualTo("cli");
        assertThat(stored.host()).isNotBlank();
    }

    @Test
    void confirmResumesAtTheGateWithTheCapturedValuesInTheSameRun() {
        Runbook rb = maintenance(null);
        RunResult paused = engine.run(rb, RunRequest.builder().procedure("maint").build());
        StoredRun stored = store.journal().run("rb", paused.trail().id()).orElseThrow();
        clock.advance(Duration.ofHours(2));
        RunResult resumed = engine.run(rb, RunRequest.builder().resume(stored, true).operator("alice").build());
        assertThat(done).containsExactly("record-commit", "deploy {previous_commit=abc123}");
        assertThat(resumed.trail().id()).isEqualTo(paused.trail().id());
        assertThat(resumed.status()).isEqualTo(Status.OK);
        assertThat(resumed.paused()).isFalse();
        StoredRun after = store.journal().run("rb", paused.trail().id()).orElseThrow();
        assertThat(after.state()).isEqualTo(RunState.FINISHED);
        assertThat(after.steps()).extracting(StoredStep::index).containsExactly(1, 2, 3);
        assertThat(after.steps()).extracting(StoredStep::trigger).containsExactly("cli", "confirm", "confirm");
        assertThat(after.steps().get(1).message()).isEqualTo("confirmed by alice");
        assertThat(after.steps().get(1).status()).isEqualTo(Status.OK);
        assertThat(store.journal().runs("rb", null, clock.instant().minusSeconds(60 * 60 * 24))).hasSize(1);
    }

    @Test
    void aDeclinedGateIsCriticalAndEveryLaterStepIsSkipped() {
        Runbook rb = maintenance(null);
        RunResult paused = engine.run(rb, RunRequest.builder().procedure("maint").build());
        StoredRun stored = store.journal().run("rb", paused.trail().id()).orElseThrow();
        RunResult declined = engine.run(rb, RunRequest.builder().resume(stored, false).operator("bob").build());
        assertThat(done).containsExactly("record-commit");
        assertThat(declined.status()).isEqualTo(Status.CRITICAL);
        assertThat(declined.steps().get(0).message()).isEqualTo("declined by bob");
        assertThat(declined.steps().get(1).outcome()).isEqualTo(Outcome.SKIPPED);
        StoredRun after = store.journal().run("rb", paused.trail().id()).orElseThrow();
        assertThat(after.status()).isEqualTo(Status.CRITICAL);
        assertThat(after.steps().get(2).outcome()).isEqualTo("skipped");
    }

    @Test
    void yesConfirmsEveryGateUpFront() {
        RunResult r = engine.run(maintenance(null), RunRequest.builder().procedure("maint").confirmAll(true)
                .operator("rehearsal").build());
        assertThat(done).containsExactly("record-commit", "deploy {previous_commit=abc123}");
        assertThat(r.paused()).isFalse();
        assertThat(r.steps().get(1).message()).isEqualTo("confirmed by rehearsal");
        assertThat(r.status()).isEqualTo(Status.OK);
    }

    @Test
    void aPausedRunExpiresAfterItsPauseTimeoutAndCannotBeConfirmedThen() {
        Runbook rb = maintenance(Duration.ofHours(1));
        RunResult paused = engine.run(rb, RunRequest.builder().procedure("maint").build());
        long id = paused.trail().id();
        clock.advance(Duration.ofMinutes(59));
        engine.run(rb, RunRequest.allChecks());
        assertThat(store.journal().run("rb", id).orElseThrow().state()).isEqualTo(RunState.PAUSED);
        clock.advance(Duration.ofMinutes(2));
        StoredRun seen = store.journal().run("rb", id).orElseThrow();
        assertThat(seen.asOf(clock.instant(), Duration.ofHours(1)).state()).isEqualTo(RunState.EXPIRED);
        engine.run(rb, RunRequest.allChecks());
        StoredRun expired = store.journal().run("rb", id).orElseThrow();
        assertThat(expired.state()).isEqualTo(RunState.EXPIRED);
        assertThat(expired.status()).isEqualTo(Status.UNKNOWN);
        assertThat(expired.finishedAt()).isEqualTo(Instant.parse("2026-11-28T01:00:00Z"));
        assertThat(expired.steps().get(1).message()).isEqualTo("not confirmed within 1h");
        assertThatThrownBy(() -> engine.run(rb, RunRequest.builder().resume(seen, true).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
        assertThat(done).containsExactly("record-commit");
    }

    @Test
    void aChecklistLineNobodyConfirmedIsUnknownButNotCountedAndTheRunGoesOn() {
        ActionDefinition deploy = action("deploy");
        Runbook rb = Runbook.builder("rb").zone(ZONE).action(deploy)
                .procedure(Procedure.of("p", null, List.of(new Step.Manual("Tell the team", false),
                        new Step.Run(deploy))))
                .build();
        RunResult r = engine.run(rb, RunRequest.procedure("p"));
        assertThat(done).containsExactly("deploy");
        assertThat(r.paused()).isFalse();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.steps().get(0).message()).isEqualTo("not confirmed");
        assertThat(r.steps().get(0).shown()).isEqualTo(Status.UNKNOWN);
        assertThat(r.steps().get(0).status()).isNull();
    }

    Runbook p1() {
        ActionDefinition restart = action("restart-estimator");
        return Runbook.builder("rb").zone(ZONE).action(restart)
                .check(CheckDefinition.builder("health", c -> CheckResult.builder().status(health.get())
                        .message("health " + health.get()).build()).build())
                .procedure(Procedure.of("p1", null, List.of(new Step.Checks(List.of("health"), null),
                        new Step.When(StepCondition.notOk(List.of("health")), new Step.Run(restart)))))
                .procedure(Procedure.of("only-if-ok", null, List.of(
                        new Step.When(StepCondition.ok(List.of("health")), new Step.Run(restart)))))
                .build();
    }

    @Test
    void aStepWhenNotOkIsSkippedOnAHealthyServiceAndNotCounted() {
        RunResult r = engine.run(p1(), RunRequest.procedure("p1"));
        assertThat(done).isEmpty();
        assertThat(r.steps().get(1).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.steps().get(1).message()).startsWith("condition not met");
        assertThat(r.status()).isEqualTo(Status.OK);
        health.set(Status.CRITICAL);
        RunResult down = engine.run(p1(), RunRequest.procedure("p1"));
        assertThat(done).containsExactly("restart-estimator");
        assertThat(down.steps().get(1).outcome()).isEqualTo(Outcome.DONE);
    }

    @Test
    void aConditionOnACheckTheRunDidNotRunReadsItsLatestStoredResult() {
        Runbook rb = p1();
        store.add(new StoredResult("health", clock.instant().minusSeconds(60), Status.CRITICAL, null, null, "down",
                "morning-check", Map.of(), false));
        RunResult r = engine.run(rb, RunRequest.procedure("only-if-ok"));
        assertThat(done).isEmpty();
        assertThat(r.steps().get(0).message()).startsWith("condition not met");
        store.add(new StoredResult("health", clock.instant(), Status.OK, null, null, "up", "morning-check", Map.of(),
                false));
        engine.run(rb, RunRequest.procedure("only-if-ok"));
        assertThat(done).containsExactly("restart-estimator");
    }

    @Test
    void aDryRunNeitherPausesNorStores() {
        RunResult r = engine.run(maintenance(null), RunRequest.builder().procedure("maint").dryRun(true).build());
        assertThat(r.paused()).isFalse();
        assertThat(r.steps().get(1).outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(store.journal().runs("rb", null, Instant.EPOCH)).isEmpty();
    }

    @Test
    void aPausedRunIsListedBeforeNewerFinishedOnes() {
        Runbook rb = maintenance(null);
        RunResult paused = engine.run(rb, RunRequest.builder().procedure("maint").build());
        clock.advance(Duration.ofMinutes(5));
        RunResult later = engine.run(rb, RunRequest.builder().procedure("maint").confirmAll(true).build());
        assertThat(store.journal().runs("rb", null, Instant.EPOCH)).extracting(StoredRun::id)
                .containsExactly(paused.trail().id(), later.trail().id());
        assertThat(Optional.ofNullable(later.trail().id())).isPresent();
    }

    @Test
    void aStoreThatKeepsNoTrailGivesNoRunIdSoAPausedRunSaysItCannotBeConfirmed() {
        RunStore plain = new RunStore() {
            private final InMemoryRunStore inner = new InMemoryRunStore();

            @Override
            public void record(RunResult run) {
                inner.record(run);
            }

            @Override
            public dev.runbook.core.StateStore state() {
                return inner.state();
            }

            @Override
            public dev.runbook.core.HistoryReader history() {
                return inner.history();
            }

            @Override
            public void close() {
            }
        };
        try (Engine e = Engine.builder().clock(clock).store(plain).build()) {
            RunResult r = e.run(maintenance(null), RunRequest.procedure("maint"));
            assertThat(r.paused()).isTrue();
            assertThat(r.trail().id()).isNull();
        }
    }

    @Test
    void aRemediationStepWithAConditionIsSkippedWhenItDoesNotHold() {
        ActionDefinition restart = action("restart-estimator");
        ActionDefinition page = action("page-oncall");
        Runbook rb = Runbook.builder("rb").zone(ZONE).action(restart).action(page)
                .check(CheckDefinition.builder("services", c -> CheckResult.ok("active")).build())
                .check(CheckDefinition.builder("health", c -> CheckResult.critical("down"))
                        .on(Status.CRITICAL, dev.runbook.core.model.Remediation.of("fix", List.of(new Step.Run(restart),
                                new Step.When(StepCondition.notOk(List.of("services")), new Step.Run(page)))))
                        .build())
                .build();
        RunResult r = engine.run(rb, RunRequest.builder().check("services").check("health").build());
        assertThat(done).containsExactly("restart-estimator");
        CheckRun health = r.results().stream().filter(c -> c.check().equals("health")).findFirst().orElseThrow();
        assertThat(health.actions()).extracting(ActionRun::outcome).containsExactly(Outcome.DONE, Outcome.SKIPPED);
        assertThat(health.actions().get(1).message()).startsWith("condition not met");
    }
}

package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.engine.StoredStep;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run trail in a real SQLite file: a paused run survives closing the store and resumes in the same run. */
class RunTrailsTest {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);

    Runbook runbook() {
        ActionDefinition record = ActionDefinition.of("record-commit", ctx -> {
            ctx.capture("previous_commit", "abc=1\nline two\\");
            return ActionResult.done("recorded");
        });
        ActionDefinition deploy = ActionDefinition.of("deploy", ctx -> ActionResult.failed("git pull failed: "
                + ctx.captured().get("previous_commit")));
        return Runbook.builder("rb").zone(ZoneOffset.UTC).action(record).action(deploy)
                .procedure(Procedure.of("maint", "Maintenance", List.of(new Step.Run(record),
                        new Step.Manual("Display the maintenance page"), new Step.Run(deploy))))
                .build();
    }

    @Test
    void aPausedRunIsStoredWithItsGateAndCapturedValuesAndResumesInTheSameRow() {
        Runbook rb = runbook();
        long id;
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
             Engine engine = Engine.builder().clock(clock).store(store).build()) {
            RunResult paused = engine.run(rb, RunRequest.builder().procedure("maint").operator("cron").host("web-1")
                    .trigger("schedule").build());
            id = paused.trail().id();
            assertThat(id).isPositive();
        }
        clock.advance(Duration.ofMinutes(30));
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
             Engine engine = Engine.builder().clock(clock).store(store).build()) {
            StoredRun stored = store.journal().run("rb", id).orElseThrow();
            assertThat(stored.state()).isEqualTo(RunState.PAUSED);
            assertThat(stored.trigger()).isEqualTo("schedule");
            assertThat(stored.host()).isEqualTo("web-1");
            assertThat(stored.operator()).isEqualTo("cron");
            assertThat(stored.pausedAtStep()).isEqualTo(2);
            assertThat(stored.captured()).isEqualTo(Map.of("previous_commit", "abc=1\nline two\\"));
            assertThat(stored.finishedAt()).isEqualTo(T0);
            assertThat(stored.steps()).extracting(StoredStep::message).containsExactly("recorded",
                    "waiting for confirmation");
            assertThat(store.journal().runs("rb", null, T0.plusSeconds(3600))).extracting(StoredRun::id)
                    .containsExactly(id);

            RunResult resumed = engine.run(rb, RunRequest.builder().resume(stored, true).operator("alice").build());
            assertThat(resumed.trail().id()).isEqualTo(id);
            StoredRun done = store.journal().run("rb", id).orElseThrow();
            assertThat(done.state()).isEqualTo(RunState.FINISHED);
            assertThat(done.status()).isEqualTo(Status.CRITICAL);
            assertThat(done.trigger()).isEqualTo("schedule");
            assertThat(done.steps()).extracting(StoredStep::kind).containsExactly("action", "manual", "action");
            assertThat(done.steps()).extracting(StoredStep::trigger).containsExactly("schedule", "confirm", "confirm");
            assertThat(done.steps().get(1).message()).isEqualTo("confirmed by alice");
            assertThat(done.steps().get(2).message()).isEqualTo("git pull failed: abc=1\nline two\\");
            assertThat(done.steps().get(2).status()).isEqualTo(Status.CRITICAL);
            assertThat(done.steps().get(2).startedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
            assertThat(store.journal().runs("rb", null, T0.plusSeconds(3600))).isEmpty();
            assertThat(store.journal().runs("rb", "maint", T0)).hasSize(1);
        }
    }

    @Test
    void expiringMarksThePausedRunAndItsGateOnce() {
        Runbook rb = runbook();
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
             Engine engine = Engine.builder().clock(clock).store(store).build()) {
            long id = engine.run(rb, RunRequest.procedure("maint")).trail().id();
            clock.advance(Duration.ofHours(25));
            engine.run(rb, RunRequest.allChecks());
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.finishedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
            assertThat(r.steps().get(1).message()).isEqualTo("not confirmed within 24h");
            store.journal().expire("rb", id, T0.plus(Duration.ofHours(30)), "again");
            assertThat(store.journal().run("rb", id).orElseThrow().finishedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        }
    }
}

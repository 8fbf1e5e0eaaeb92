package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.engine.StoredRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process died ends (runbook-format §6, §9 {@code runs}: {@code expired}), in a real SQLite file with
 * real processes as owners: a live owner keeps its run running, a dead one (or a pid now used by a younger process)
 * ends it with a message saying why, an owner on another machine ends it only once its heartbeat is silent past
 * {@link RunOwners#SILENCE} (a fake clock). Run on every engine: {@link RunOwnersTest} (SQLite, with a reader that
 * only reads) and {@link PostgresRunOwnersTest}.
 */
abstract class RunOwnersSuite {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
    Process child;

    /** Opens (or reopens) this test's store: every call within a test reaches the same database. */
    abstract SqliteRunStore open();

    @AfterEach
    void endChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A procedure run stored as it starts, with its first step (OK) written. */
    static long started(SqliteRunStore store) {
        long id = store.startRun("rb", "deploy", T0, "cron", new RunTrail(null, RunTrail.CLI, null, RunState.RUNNING,
                null, Map.of(), null, null));
        store.recordStep(id, RunTrail.CLI, new StepRun(1, "Disk space", "check", Status.OK, Outcome.DONE, "72% used",
                Duration.ofMillis(5), List.of("disk"), T0, T0.plusSeconds(2), Status.OK));
        return id;
    }

    static void owner(SqliteRunStore store, long id, RunOwner o) {
        store.state().put(RunOwners.SCOPE, Long.toString(id), o.encode());
    }

    /** A real process that lives until the test kills it, and its owner record. */
    RunOwner liveChild() throws Exception {
        child = new ProcessBuilder("sleep", "600").start();
        long start = child.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        RunOwner me = RunOwner.current(0);
        return new RunOwner(me.machine(), me.boot(), child.pid(), start, T0.toEpochMilli());
    }

    void killChild() throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
    }

    @Test
    void aRunOfThisProcessIsOwnedByItAndStaysRunning() {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            RunOwner o = RunOwner.decode(store.state().get(RunOwners.SCOPE, Long.toString(id)).orElseThrow())
                    .orElseThrow();
            assertThat(o.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(o.local()).isTrue();
            assertThat(o.ended()).isFalse();
            clock.advance(Duration.ofHours(2)); // a long run of a live process is not judged by its age
            assertThat(store.journal().run("rb", id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void aRunWhoseProcessIsAliveStaysRunningAndExpiresWithWhyOnceItIsKilled() throws Exception {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            RunOwner o = liveChild();
            owner(store, id, o);
            clock.advance(Duration.ofHours(2));
            assertThat(store.journal().run("rb", id).orElseThrow().state()).as("its process lives")
                    .isEqualTo(RunState.RUNNING);
            assertThat(store.journal().runs("rb", null, T0).get(0).state()).isEqualTo(RunState.RUNNING);

            killChild();
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.status()).isEqualTo(Status.UNKNOWN);
            assertThat(r.message()).isEqualTo("the process that ran it (pid " + child.pid() + " on " + o.machine()
                    + ") ended without finishing it; last step: 1 \"Disk space\" (OK)");
            assertThat(r.finishedAt()).as("its last sign of life: the end of its last step").isEqualTo(T0.plusSeconds(2));
            assertThat(r.steps()).hasSize(1);
            // stored: the owner row is gone, the reason stays, and a later reader reads it as stored
            assertThat(store.state().get(RunOwners.SCOPE, Long.toString(id))).isEmpty();
            assertThat(store.state().get(RunOwners.ENDED, Long.toString(id))).contains(r.message());
        }
        try (SqliteRunStore store = open()) {
            StoredRun again = store.journal().runs("rb", null, T0).get(0);
            assertThat(again.state()).isEqualTo(RunState.EXPIRED);
            assertThat(again.message()).contains("ended without finishing it");
        }
    }

    @Test
    void theWorstStepSoFarIsKeptAsTheExpiredRunsStatus() throws Exception {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            store.recordStep(id, RunTrail.CLI, new StepRun(2, "Deploy", "action", Status.CRITICAL, Outcome.FAILED,
                    "git pull failed", Duration.ofMillis(5), List.of(), T0.plusSeconds(3), T0.plusSeconds(4),
                    Status.CRITICAL));
            owner(store, id, liveChild());
            killChild();
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.status()).isEqualTo(Status.CRITICAL);
            assertThat(r.message()).endsWith("; last step: 2 \"Deploy\" (CRITICAL)");
        }
    }

    @Test
    void aPidNowUsedByAYoungerProcessIsNotMistakenForTheOwner() {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            RunOwner me = RunOwner.current(T0.toEpochMilli());
            // this very pid, but a process that started an hour before this one: the owner died and its pid was reused
            owner(store, id, new RunOwner(me.machine(), me.boot(), me.pid(), me.startMs() - 3_600_000L, me.beatMs()));
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.message()).startsWith("the process that ran it (pid " + me.pid() + " on " + me.machine()
                    + ") ended without finishing it");
        }
    }

    @Test
    void anOwnerOnAnotherMachineEndsItsRunOnlyOnceItsHeartbeatFallsSilent() {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            owner(store, id, new RunOwner("web-2", "another-boot", 4242, 1, T0.toEpochMilli()));
            clock.advance(RunOwners.SILENCE);
            assertThat(store.journal().run("rb", id).orElseThrow().state()).as("silent for exactly the bound")
                    .isEqualTo(RunState.RUNNING);
            clock.advance(Duration.ofMillis(1));
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.message()).isEqualTo("the process that ran it (pid 4242 on web-2) has not been heard from"
                    + " for more than 60 s (last heartbeat 2026-12-01T08:00:00Z); last step: 1 \"Disk space\" (OK)");
        }
    }

    @Test
    void theOwnersHeartbeatKeepsItsRunAliveForOtherMachines() {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            RunOwners owners = ((RunTrails) store.journal()).owners;
            clock.advance(Duration.ofMinutes(5));
            owners.beat();
            RunOwner o = RunOwner.decode(store.state().get(RunOwners.SCOPE, Long.toString(id)).orElseThrow())
                    .orElseThrow();
            assertThat(o.beatMs()).isEqualTo(clock.millis());
            // as another machine sees it: renewed 5 minutes after the start, so not silent
            owner(store, id, new RunOwner("web-2", "another-boot", o.pid(), o.startMs(), o.beatMs()));
            clock.advance(Duration.ofSeconds(59));
            assertThat(store.journal().run("rb", id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        }
    }

    @Test
    void anEndRecordedAfterTheRunWasJudgedAbandonedWinsAndDropsTheReason() throws Exception {
        try (SqliteRunStore store = open()) {
            long id = started(store);
            owner(store, id, liveChild());
            killChild();
            assertThat(store.journal().run("rb", id).orElseThrow().state()).isEqualTo(RunState.EXPIRED);
            // the run's end arrives after all (spooled while the server was away, replayed by a later process)
            store.recordRun(new dev.runbook.core.engine.RunResult("rb", "deploy", Status.OK, T0.atZone(ZoneOffset.UTC),
                    Duration.ofSeconds(5), "cron", List.of(), List.of(new StepRun(1, "Disk space", "check", Status.OK,
                    Outcome.DONE, "72% used", Duration.ofMillis(5), List.of("disk"), T0, T0.plusSeconds(2), Status.OK)),
                    List.of(), false, null, new RunTrail(id, RunTrail.CLI, null, RunState.FINISHED, null, Map.of(),
                    null, null)));
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.FINISHED);
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.message()).isNull();
        }
    }

    @Test
    void theHeartbeatStopsWhenThisProcessHasNoRunningRunOrItsStoreIsClosed() {
        RunOwners owners;
        try (SqliteRunStore store = open()) {
            owners = ((RunTrails) store.journal()).owners;
            assertThat(owners.beating()).isFalse();
            started(store);
            assertThat(owners.beating()).as("a running run has a heartbeat").isTrue();
        }
        owners.beat(); // the store closed under a run that never ended: no heartbeat is kept for it
        assertThat(owners.beating()).isFalse();
    }

    @Test
    void aRunStoredBeforeOwnersWereKeptEndsOnlyAfterADayWithoutAnythingRecorded() {
        try (SqliteRunStore store = open()) {
            long id = started(store); // its last step ended at T0 + 2 s
            store.state().put(RunOwners.SCOPE, Long.toString(id), null); // as an older version stored it: no owner
            clock.set(T0.plusSeconds(2).plus(RunOwners.UNOWNED_SILENCE));
            assertThat(store.journal().run("rb", id).orElseThrow().state()).as("a day exactly: it may still wait")
                    .isEqualTo(RunState.RUNNING);
            clock.advance(Duration.ofMillis(1));
            StoredRun r = store.journal().run("rb", id).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.EXPIRED);
            assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(r.message()).isEqualTo("the process that ran it is not known (the run was stored before run"
                    + " owners were kept) and nothing of it was recorded for more than 24h; last step: 1 \"Disk space\""
                    + " (OK)");
            assertThat(store.journal().endAbandoned("rb", clock.instant())).as("stored once").isZero();
        }
    }

    @Test
    void aRunThatPausesHasNoOwnerAndAConfirmThatClaimsItBecomesItsOwner() {
        dev.runbook.core.model.ActionDefinition deploy = dev.runbook.core.model.ActionDefinition.of("deploy",
                ctx -> dev.runbook.core.action.ActionResult.done("deployed"));
        dev.runbook.core.model.Runbook rb = dev.runbook.core.model.Runbook.builder("rb").zone(ZoneOffset.UTC)
                .action(deploy).procedure(dev.runbook.core.model.Procedure.of("maint", "Maintenance", List.of(
                        new dev.runbook.core.model.Step.Manual("Display the maintenance page"),
                        new dev.runbook.core.model.Step.Run(deploy)))).build();
        try (SqliteRunStore store = open();
             dev.runbook.core.engine.Engine engine = dev.runbook.core.engine.Engine.builder().clock(clock).store(store)
                     .build()) {
            long id = engine.run(rb, dev.runbook.core.engine.RunRequest.builder().procedure("maint").build()).trail().id();
            assertThat(store.journal().run("rb", id).orElseThrow().state()).isEqualTo(RunState.PAUSED);
            assertThat(store.state().get(RunOwners.SCOPE, Long.toString(id))).as("a paused run has no process")
                    .isEmpty();
            assertThat(store.journal().claim("rb", id, T0)).isTrue();
            RunOwner o = RunOwner.decode(store.state().get(RunOwners.SCOPE, Long.toString(id)).orElseThrow())
                    .orElseThrow();
            assertThat(o.pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }
}

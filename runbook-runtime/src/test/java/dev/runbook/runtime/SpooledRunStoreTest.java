package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.ManualClock;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.StoredRun;
import dev.runbook.core.model.ActionDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import dev.runbook.store.PostgresServer;
import dev.runbook.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run store of a runbook on a real PostgreSQL server ({@link SpooledRunStore}) keeps a procedure run's trail
 * as it goes (runbook-format §6, §9 {@code runs}, §10): the run is stored {@code running} as it starts, with an
 * owner row, and each step as it finishes, so other hosts see it running and, if its host dies, expired with the
 * steps it did — not only once it ends.
 */
class SpooledRunStoreTest {
    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    @TempDir
    Path dir;

    @Test
    void aProcedureRunIsOnTheServerAsItStartsWithEachStepAsItFinishes() throws Exception {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        CountDownLatch inDeploy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActionDefinition commit = ActionDefinition.of("record-commit", ctx -> ActionResult.done("abc123"));
        ActionDefinition deploy = ActionDefinition.of("deploy", ctx -> {
            inDeploy.countDown();
            // a hang guard, not a speed bound: the test releases it as soon as it has looked
            return release.await(60, TimeUnit.SECONDS) ? ActionResult.done("deployed") : ActionResult.failed("stuck");
        });
        Runbook rb = Runbook.builder("rb").zone(ZoneOffset.UTC).action(commit).action(deploy)
                .procedure(Procedure.of("deploy", "Deploy", List.of(new Step.Run(commit), new Step.Run(deploy))))
                .build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Store store = Store.open(PostgresServer.shared().newStore(), null, clock).host("web-1");
             SpooledRunStore spooled = new SpooledRunStore(store.runs(), ResultSpool.in(dir.resolve("spool")),
                     "the test server", "web-1", w -> { });
             Engine engine = Engine.builder().clock(clock).store(spooled).build()) {
            Future<RunResult> running = pool.submit(() -> engine.run(rb, RunRequest.builder().procedure("deploy")
                    .build()));
            try {
                assertThat(inDeploy.await(60, TimeUnit.SECONDS)).as("the deploy step started").isTrue();
                List<StoredRun> seen = store.runs().journal().runs("rb", null, T0.minusSeconds(1));
                assertThat(seen).as("stored as it started, not only at its end").hasSize(1);
                StoredRun r = seen.get(0);
                assertThat(r.state()).isEqualTo(RunState.RUNNING);
                assertThat(r.host()).isEqualTo("web-1");
                assertThat(r.steps()).as("the finished step is stored").hasSize(1);
                assertThat(r.steps().get(0).message()).isEqualTo("abc123");
                assertThat(store.runs().state().get("run-owner", Long.toString(r.id())))
                        .as("its owner row, for other hosts to judge it by").isPresent();
            } finally {
                release.countDown();
            }
            RunResult result = running.get(60, TimeUnit.SECONDS);
            List<StoredRun> after = store.runs().journal().runs("rb", null, T0.minusSeconds(1));
            assertThat(after).as("its end completed the same stored run").hasSize(1);
            assertThat(after.get(0).id()).isEqualTo(result.trail().id());
            assertThat(after.get(0).state()).isEqualTo(RunState.FINISHED);
            assertThat(after.get(0).steps()).hasSize(2);
            assertThat(spooled.spool().isEmpty()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void afterAStepCouldNotBeWrittenTheRestOfThatRunWaitsForItsEnd() {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        Store store = Store.open(PostgresServer.shared().newStore(), null, clock).host("web-1");
        SpooledRunStore spooled = new SpooledRunStore(store.runs(), ResultSpool.in(dir.resolve("spool")),
                "the test server", "web-1", w -> { });
        long id = spooled.startRun("rb", "deploy", T0, "cron", new dev.runbook.core.engine.RunTrail(null,
                dev.runbook.core.engine.RunTrail.CLI, null, RunState.RUNNING, null, java.util.Map.of(), null, null));
        assertThat(id).isPositive();
        store.close(); // the server is gone for this process: every write fails
        dev.runbook.core.engine.StepRun step = new dev.runbook.core.engine.StepRun(1, "Disk space", "check",
                dev.runbook.core.Status.OK, dev.runbook.core.action.Outcome.DONE, "72% used",
                java.time.Duration.ofMillis(5), List.of("disk"), T0, T0.plusSeconds(1), dev.runbook.core.Status.OK);
        assertThatThrownBy(() -> spooled.recordStep(id, dev.runbook.core.engine.RunTrail.CLI, step))
                .as("the first failure is said (the engine logs it)").isInstanceOf(RuntimeException.class);
        assertThatCode(() -> spooled.recordStep(id, dev.runbook.core.engine.RunTrail.CLI, step))
                .as("no second attempt, and no second wait, within this run").doesNotThrowAnyException();
    }
}

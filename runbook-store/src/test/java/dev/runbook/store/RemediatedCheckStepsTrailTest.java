package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.runbook.core.CheckResult;
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
import dev.runbook.core.model.CheckDefinition;
import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Remediation;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.model.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procedure's check steps whose checks are remediated (runbook-format §6: consecutive check steps run together,
 * then their remediations), in a real SQLite file: while the remediation waits, the stored run (what {@code runbook
 * runs show} reads) already shows the check steps with their checks' own results; when the run ends each step is
 * stored once, with what the remediation made of it.
 */
class RemediatedCheckStepsTrailTest {
    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
    final AtomicBoolean up = new AtomicBoolean(false);

    Runbook p1() {
        ActionDefinition restart = ActionDefinition.of("restart-estimator", ctx -> {
            up.set(true);
            return ActionResult.done("restarted");
        });
        CheckDefinition services = CheckDefinition.builder("services",
                        c -> up.get() ? CheckResult.ok("estimator active") : CheckResult.critical("estimator failed"))
                .on(Status.CRITICAL, Remediation.of("restart-services", List.of(new Step.Run(restart),
                        new Step.Wait(Duration.ofSeconds(30)), new Step.Recheck("services"))))
                .build();
        CheckDefinition disk = CheckDefinition.builder("disk", c -> CheckResult.ok("41% used")).build();
        return Runbook.builder("rb").zone(ZoneOffset.UTC).action(restart).check(services).check(disk)
                .procedure(Procedure.of("morning-check", "Morning Check", List.of(
                        new Step.Checks(List.of("services"), "Service status check"),
                        new Step.Checks(List.of("disk"), "Disk usage check"))))
                .build();
    }

    @Test
    void theStoredRunShowsTheCheckStepsDuringTheRemediationsWaitAndEachOnceAtItsEnd() {
        AtomicReference<StoredRun> duringTheWait = new AtomicReference<>();
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
             Engine engine = Engine.builder().clock(clock).store(store).sleeper(d -> {
                 List<StoredRun> runs = store.journal().runs("rb", null, T0.minusSeconds(60));
                 duringTheWait.set(runs.isEmpty() ? null : runs.get(0));
                 clock.advance(d);
             }).build()) {
            RunResult r = engine.run(p1(), RunRequest.builder().procedure("morning-check").operator("cron").build());
            assertThat(r.status()).isEqualTo(Status.OK);

            StoredRun waiting = duringTheWait.get();
            assertThat(waiting).as("the run was stored as it started").isNotNull();
            assertThat(waiting.state()).isEqualTo(RunState.RUNNING);
            assertThat(waiting.steps()).as("both check steps, before the remediation's wait")
                    .extracting(StoredStep::index, StoredStep::title, StoredStep::status, StoredStep::message)
                    .containsExactly(
                            tuple(1, "Service status check", Status.CRITICAL,
                                    "services CRITICAL"),
                            tuple(2, "Disk usage check", Status.OK, "disk OK"));
            assertThat(waiting.steps().get(0).finishedAt()).as("the check's own end").isEqualTo(T0);

            StoredRun done = store.journal().run("rb", r.trail().id()).orElseThrow();
            assertThat(done.state()).isEqualTo(RunState.FINISHED);
            assertThat(done.steps()).as("one row per step, with the remediation's outcome")
                    .extracting(StoredStep::index, StoredStep::status, StoredStep::message)
                    .containsExactly(tuple(1, Status.OK, "services OK"),
                            tuple(2, Status.OK, "disk OK"));
            assertThat(done.steps().get(0).finishedAt()).as("as before: the batch's end").isEqualTo(T0.plusSeconds(30));
        }
    }
}

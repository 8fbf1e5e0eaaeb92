package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.RunState;
import dev.runbook.core.engine.RunTrail;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.quantity.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local spool of a PostgreSQL store that cannot be reached: a run comes back from its file as it went in
 * (everything the store records of it), entries come back in the order written, files are 0600 in a 0700
 * directory, and a removed entry is gone.
 */
class ResultSpoolTest {
    @TempDir
    Path dir;

    static final Instant AT = Instant.parse("2026-12-01T07:00:00Z");

    private static RunResult richRun() {
        CheckRun disk = new CheckRun("disk", "disk", "Disk space", Status.WARNING, Status.CRITICAL, 85.5, Unit.PERCENT,
                "85.5 % used", Map.of("used_pct", 85.5, "free_bytes", 1.5e9), Duration.ofMillis(12),
                new Pending(1, 3, AT.minusSeconds(60), Duration.ofMinutes(5), Status.CRITICAL), false, true, false, true,
                Map.of(), List.of(new ActionRun("clean-tmp", Outcome.DONE, "freed 2 GB", Duration.ofSeconds(3))),
                AT.plusSeconds(1));
        CheckRun skipped = new CheckRun("api", "http", null, Status.UNKNOWN, null, null, null, null, Map.of(), null,
                null, true, false, true, false, Map.of(), List.of(), null);
        StepRun step = new StepRun(0, "Check the disk", "checks", Status.WARNING, Outcome.DONE, "ok",
                Duration.ofMillis(40), List.of("disk", "api"), AT, AT.plusSeconds(2), Status.WARNING);
        RunTrail trail = new RunTrail(null, RunTrail.SCHEDULE, "web-2", RunState.PAUSED, 1, Map.of("commit", "abc123"),
                null, Status.OK);
        return new RunResult("ai-estimator", "morning-check", Status.WARNING, AT.atZone(ZoneId.of("Asia/Tokyo")),
                Duration.ofMillis(2500), "alice", List.of(disk, skipped), List.of(step), List.of(), false, null, trail);
    }

    @Test
    void aRunComesBackAsItWentIn() {
        ResultSpool spool = ResultSpool.in(dir.resolve("spool"));
        RunResult run = richRun();
        spool.addRun(run);
        List<ResultSpool.Entry> entries = spool.entries();
        assertThat(entries).hasSize(1);
        ResultSpool.SpooledRun back = (ResultSpool.SpooledRun) entries.get(0);
        assertThat(back.key()).isNotBlank();
        assertThat(back.run().results()).isEqualTo(run.results());
        assertThat(back.run().steps()).isEqualTo(run.steps());
        assertThat(back.run().trail()).isEqualTo(run.trail());
        assertThat(back.run().startedAt()).isEqualTo(run.startedAt());
        assertThat(List.of(back.run().runbook(), back.run().procedure(), back.run().status(), back.run().duration(),
                back.run().operator())).isEqualTo(List.of(run.runbook(), run.procedure(), run.status(), run.duration(),
                run.operator()));
    }

    @Test
    void entriesComeBackInOrderFromOwnerOnlyFilesAndARemovedOneIsGone() throws Exception {
        ResultSpool spool = ResultSpool.of("ai-estimator", Map.of("XDG_STATE_HOME", dir.toString()));
        assertThat(spool.directory()).isEqualTo(dir.resolve("runbook/spool/ai-estimator"));
        assertThat(spool.isEmpty()).isTrue();
        spool.addState("logs", "offset", "10");
        spool.addRun(richRun());
        spool.addState("logs", "offset", null);
        List<ResultSpool.Entry> entries = spool.entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).isInstanceOfSatisfying(ResultSpool.SpooledState.class,
                s -> assertThat(s.value()).isEqualTo("10"));
        assertThat(entries.get(1)).isInstanceOf(ResultSpool.SpooledRun.class);
        assertThat(entries.get(2)).isInstanceOfSatisfying(ResultSpool.SpooledState.class,
                s -> assertThat(s.value()).isNull());
        assertThat(Files.getPosixFilePermissions(spool.directory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (ResultSpool.Entry e : entries) {
            assertThat(Files.getPosixFilePermissions(e.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        try (var files = Files.list(spool.directory())) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).as("no temporary file left")
                    .isEmpty();
        }
        spool.remove(entries.get(1));
        assertThat(spool.entries()).hasSize(2).noneMatch(e -> e instanceof ResultSpool.SpooledRun);
        assertThat(ResultSpool.of("x", Map.of(ResultSpool.DIRECTORY_VARIABLE, dir.resolve("own").toString()))
                .directory()).isEqualTo(dir.resolve("own"));
    }
}

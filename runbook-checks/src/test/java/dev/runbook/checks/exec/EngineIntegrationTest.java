package dev.runbook.checks.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.checks.system.DiskCheckType;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** These types run through the real core engine: its thresholds, its timeout and its interrupt. */
class EngineIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void engineTimeoutEndsACommandAndItsWholeProcessGroupDies() throws Exception {
        Path pid = dir.resolve("grandchild.pid");
        Runbook rb = RunbookBuilder.runbook("it")
                .check("hangs", c -> c.of(new CommandCheckType(), new CommandCheckType.Params(null,
                        "trap '' TERM; sleep 300 & echo $! > " + pid + "; while true; do sleep 1; done", null, null, null))
                        .timeout("700ms"))
                .check("perf", c -> c.of(new CommandCheckType(), new CommandCheckType.Params(null,
                        "echo 'QUEUE OK | depth=50;40;100'", null, null, null)))
                .check("disk", c -> c.of(new DiskCheckType(), new DiskCheckType.Params(dir.toString(), null))
                        .critical("0.000001%"))
                .build();
        RunResult r;
        try (Engine engine = Engine.builder().build()) {
            r = engine.run(rb, RunRequest.allChecks());
        }
        CheckRun hangs = find(r, "hangs");
        assertThat(hangs.status()).isEqualTo(Status.UNKNOWN);
        assertThat(hangs.message()).containsIgnoringCase("timed out");
        CheckRun perf = find(r, "perf");
        assertThat(perf.status()).as(perf.message()).isEqualTo(Status.WARNING); // the plugin's own warn range
        assertThat(perf.metrics()).containsEntry("depth", 50.0);
        CheckRun disk = find(r, "disk");
        assertThat(disk.status()).as(disk.message()).isEqualTo(Status.CRITICAL);
        assertThat(disk.unit().symbol()).isEqualTo("%");
        long grandchild = Long.parseLong(Files.readString(pid).trim());
        boolean alive = true;
        for (int i = 0; i < 100 && alive; i++) {
            alive = isAlive(grandchild);
            if (alive) {
                Thread.sleep(20);
            }
        }
        assertThat(alive).as("backgrounded grandchild " + grandchild).isFalse();
    }

    private static CheckRun find(RunResult r, String id) {
        return r.results().stream().filter(c -> c.check().equals(id)).findFirst().orElseThrow();
    }

    private static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.runbook.checks.exec;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that exits at once but leaves a backgrounded child holding its stdout and stderr: through the engine,
 * no thread and no descriptor of ours may outlive the runs, and the run must not wait for that child.
 */
class BackgroundChildTest {
    private static final int RUNS = 20;

    @TempDir
    Path dir;

    @Test
    void aChildThatKeepsThePipesOpenCostsNothingBeyondTheRun() throws Exception {
        Path linger = dir.resolve("linger.sh");
        // Holds the inherited stdout and stderr for a minute unless the test kills it.
        Files.writeString(linger, "#!/bin/sh\nsleep 60\n");
        linger.toFile().setExecutable(true);
        Runbook rb = RunbookBuilder.runbook("leak")
                .check("starts-helper", c -> c.of(new CommandCheckType(), new CommandCheckType.Params(null,
                        linger + " & echo started", null, null, null)).timeout("10s"))
                .build();
        try (Engine engine = Engine.builder().concurrency(2).build()) {
            runOnce(engine, rb); // warm up: the engine's own pool threads, class loading, the JDK's reaper
            int threadsBefore = Thread.activeCount();
            long fdsBefore = openDescriptors();
            long slowest = 0;
            for (int i = 0; i < RUNS; i++) {
                CheckRun r = runOnce(engine, rb);
                assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
                assertThat(r.message()).contains("started");
                slowest = Math.max(slowest, r.duration().toMillis());
            }
            int threadsAfter = Thread.activeCount();
            long fdsAfter = openDescriptors();
            // Old runner: two capture threads and two pipe descriptors per run stayed behind (40 + 40 here).
            assertThat(threadsAfter - threadsBefore).as("threads left behind by %d runs", RUNS).isLessThan(5);
            assertThat(fdsAfter - fdsBefore).as("descriptors left behind by %d runs", RUNS).isLessThan(5);
            // A hang guard, not a timing: the old runner waited for the child's pipes until its timeout (10 s).
            assertThat(slowest).as("slowest run, ms").isLessThan(5000);
        }
    }

    private static CheckRun runOnce(Engine engine, Runbook rb) {
        RunResult result = engine.run(rb, RunRequest.allChecks());
        return result.results().get(0);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @AfterEach
    void killTheLingeringHelpers() {
        String marker = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }
}

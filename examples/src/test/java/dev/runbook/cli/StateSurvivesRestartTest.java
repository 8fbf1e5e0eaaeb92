package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.store.SqliteRunStore;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hysteresis counters and log offsets live in the SQLite store, so a process that exits between runs (cron, CI)
 * picks up where the last one stopped. Each run here opens and closes its own store and engine, as the launcher
 * does.
 */
class StateSurvivesRestartTest {
    @TempDir
    Path dir;

    @Test
    void hysteresisAndLogOffsetsCarryOverFromOneProcessToTheNext() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "ERROR one\nINFO fine\nERROR two\nERROR three\n");
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: restarts",
                "version: 1",
                "store: ./state/restarts.db",
                "checks:",
                "  errors:",
                "    type: log",
                "    file: ./app.log",
                "    pattern: ERROR",
                "  always-down:",
                "    type: command",
                "    run: [\"false\"]",
                "    expect: { exit: 0 }",
                "    for: 3",
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC())
                .load(dir.resolve("runbook.yaml"));
        assertThat(loaded.errors()).isEmpty();
        Runbook rb = loaded.runbook();

        CheckRun e1 = runOnce(rb, "errors");
        assertThat(e1.metrics().get("matches")).as("first run: the whole file").isEqualTo(3.0);
        assertThat(runOnce(rb, "always-down").pending().count()).isEqualTo(1);

        Files.writeString(log, "ERROR four\nINFO fine\nERROR five\n", StandardOpenOption.APPEND);
        CheckRun e2 = runOnce(rb, "errors");
        assertThat(e2.metrics().get("matches")).as("only what was appended since the last process").isEqualTo(2.0);
        CheckRun d2 = runOnce(rb, "always-down");
        assertThat(d2.status()).isEqualTo(Status.OK);
        assertThat(d2.pending().count()).as("the count went on across processes").isEqualTo(2);
        CheckRun d3 = runOnce(rb, "always-down");
        assertThat(d3.status()).isEqualTo(Status.CRITICAL);
        assertThat(d3.pending()).isNull();
    }

    /** One "process": open the store, run one check, close everything. */
    private static CheckRun runOnce(Runbook rb, String check) {
        try (SqliteRunStore store = SqliteRunStore.open(Path.of(rb.store()), null, Clock.systemUTC());
             Engine engine = Engine.builder().store(store).build()) {
            return engine.run(rb, RunRequest.builder().check(check).build()).results().get(0);
        }
    }
}

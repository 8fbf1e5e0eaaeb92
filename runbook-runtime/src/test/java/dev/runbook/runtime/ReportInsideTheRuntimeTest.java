package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report run inside a long-running runtime reads the store the runtime has open: it makes no new database
 * connection (counted by the store, which makes every connection of the process).
 */
class ReportInsideTheRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void aReportStepOpensNoNewConnection() throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "version: 1",
                "timezone: Asia/Tokyo",
                "store: ./state/ops.db",
                "checks:",
                "  ok: { type: command, title: Always fine, run: [\"true\"], expect: { exit: 0 } }",
                "reports:",
                "  daily: { title: Daily Operations Report, period: day, sections: [services, incidents, actions, notes] }",
                "procedures:",
                "  morning-check: { title: Morning Check, steps: [ ok ] }",
                "  daily-report: { title: Daily report, steps: [ { report: daily } ] }",
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        try (RunbookRuntime rt = RunbookRuntime.builder(loaded).env(Map.of()).build()) {
            assertThat(rt.recorded()).isTrue();
            rt.run(RunRequest.builder().procedure("morning-check").build());
            long before = dev.runbook.store.Store.connectionsMade();
            assertThat(before).as("the runtime's own connection is counted").isPositive();
            assertThat(dev.runbook.store.Store.openConnections(dir.resolve("state/ops.db"))).isEqualTo(1);

            RunResult r = rt.run(RunRequest.builder().procedure("daily-report").build());
            StepRun report = r.steps().get(0);
            assertThat(report.message()).contains("daily report").contains("rendered");
            assertThat(dev.runbook.store.Store.connectionsMade()).as("connections made during the report").isEqualTo(before);
        }
    }
}

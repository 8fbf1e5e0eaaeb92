package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /status} lists as waiting for a person: a run paused at its gate, read back from the store with the
 * step it waits at and the command that confirms it, until its pause timeout ends it.
 */
class PausedRunsTest {
    @TempDir
    Path dir;

    @Test
    void aRunPausedAtItsGateIsListedWithItsConfirmCommandUntilItExpires() {
        Runbook rb = RunbookBuilder.runbook("shop").zone("UTC").store(dir.resolve("shop.db").toString())
                .check("health", c -> c.of(ctx -> CheckResult.ok("fine")))
                .procedure("planned-maintenance", p -> p.checks("health").manual("Notify users of the maintenance window")
                        .checks("health"))
                .build();
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T01:00:00Z"), ZoneId.of("UTC"));
        try (RunbookRuntime rt = RunbookRuntime.builder(rb).env(Map.of()).clock(clock)
                .runbookFile("/etc/runbook/shop.yaml").build()) {
            assertThat(rt.pausedRuns()).isEmpty();
            RunResult paused = rt.run(RunRequest.builder().procedure("planned-maintenance").build());
            assertThat(paused.trail().state().word()).isEqualTo("paused");

            assertThat(rt.pausedRuns()).singleElement().satisfies(p -> {
                assertThat(p.procedure()).isEqualTo("planned-maintenance");
                assertThat(p.step()).isEqualTo("Notify users of the maintenance window");
                assertThat(p.confirmCommand()).isEqualTo("runbook confirm /etc/runbook/shop.yaml " + p.runId());
                assertThat(p.runId()).isEqualTo(Long.toString(paused.trail().id()));
            });

            clock.advance(Duration.ofHours(25)); // past the default pause_timeout of 24h
            assertThat(rt.pausedRuns()).as("an expired pause waits for nobody").isEmpty();
        }
    }
}

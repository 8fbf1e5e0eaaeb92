package dev.runbook.runtime.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.yaml.LoadResult;
import dev.runbook.yaml.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NextFireTimesTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;

    Runbook runbook(String procedures) throws Exception {
        Path file = dir.resolve("ops.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: ops",
                "version: 1",
                "timezone: Asia/Tokyo",
                "checks:",
                "  up: { type: command, run: [\"true\"], expect: { exit: 0 } }",
                "procedures:",
                procedures,
                ""));
        LoadResult loaded = new RunbookLoader(TypeRegistry.load(), Map.of(), Clock.systemUTC()).load(file);
        assertThat(loaded.errors()).isEmpty();
        return loaded.runbook();
    }

    @Test
    void namesEachScheduledProcedureWithItsNextFireTime() throws Exception {
        Runbook rb = runbook("  morning-check: { schedule: daily 09:00, steps: [ up ] }\n"
                + "  by-hand: { steps: [ up ] }");
        ManualClock clock = new ManualClock(LocalDateTime.of(2027, 3, 12, 10, 0).atZone(TOKYO).toInstant(), TOKYO);
        try (Engine engine = Engine.builder().clock(clock).build()) {
            Scheduler scheduler = Scheduler.builder(rb, engine).clock(clock).build();

            assertThat(NextFireTimes.describe(scheduler))
                    .isEqualTo("next: morning-check " + Scheduler.format(
                            LocalDateTime.of(2027, 3, 13, 9, 0).atZone(TOKYO)))
                    .contains("2027-03-13").doesNotContain("by-hand");
        }
    }

    @Test
    void saysWhenNothingIsScheduled() throws Exception {
        Runbook rb = runbook("  by-hand: { steps: [ up ] }");
        try (Engine engine = Engine.builder().build()) {
            assertThat(NextFireTimes.describe(Scheduler.builder(rb, engine).build()))
                    .isEqualTo("nothing scheduled (no procedure or report has a schedule)");
        }
    }
}

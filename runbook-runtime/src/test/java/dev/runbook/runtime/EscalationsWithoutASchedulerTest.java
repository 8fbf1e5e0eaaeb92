package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder that only calls {@link RunbookRuntime#run} (never {@code schedule()}) still gets its escalation
 * timers: the ticker looks at what is due every tick on its own, so the CTO hears of a P1 at 30 minutes although
 * no run happens after the one that opened it.
 */
@Timeout(60)
class EscalationsWithoutASchedulerTest {
    @TempDir
    Path dir;

    @Test
    void aThenStepFiresBetweenRunsWithoutAScheduler() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        Runbook rb = RunbookBuilder.runbook("timers").zone("Asia/Tokyo").store(dir.resolve("timers.db").toString())
                .check("health", c -> c.of(ctx -> CheckResult.critical("connection refused")).incident("P1"))
                .contact("infra-manager", "hook", null, null)
                .contact("cto", "hook", null, null)
                .notifier("hook", (Notification n, String address) -> sent.add(n.subject()))
                .level("P1", "Complete service outage", "0m", "infra-manager").thenAfter("30m", "cto")
                .procedure("morning-check", p -> p.checks("health"))
                .build();
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
        try (RunbookRuntime rt = RunbookRuntime.builder(rb).env(Map.of()).clock(clock).tick(Duration.ofMillis(50))
                .build()) {
            rt.run(RunRequest.builder().procedure("morning-check").build());
            assertThat(rt.escalations().awaitIdle(Duration.ofSeconds(20))).isTrue();
            int afterRun = sent.size();
            assertThat(afterRun).as("the P1 reached the infra manager").isPositive();

            clock.advance(Duration.ofMinutes(31)); // the CTO step is due; nobody runs or schedules anything
            long passes = rt.escalations().passes();
            for (int i = 0; i < 400 && rt.escalations().passes() < passes + 2; i++) {
                Thread.sleep(50); // hang guard only: waits for two passes of the ticker's own
            }
            assertThat(rt.escalations().passes()).as("the ticker passed on its own").isGreaterThanOrEqualTo(passes + 2);
            assertThat(rt.escalations().awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(sent.size()).as("the 30-minute step went out: %s", sent).isGreaterThan(afterRun);
        }
    }
}

package dev.runbook.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** deadline() is the fixed instant armed when the engine submitted the work; ioTimeout() keeps a margin below it. */
class ContextDeadlineTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aProbesDeadlineIsFixedAtSubmissionAndItsIoTimeoutKeepsAMargin() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Runbook rb = RunbookBuilder.runbook("deadline")
                .check("a", c -> c.of(ctx -> {
                    seen.add(ctx.deadline());
                    seen.add(ctx.ioTimeout());
                    clock.advance(Duration.ofMillis(500));
                    seen.add(ctx.deadline());
                    seen.add(ctx.ioTimeout());
                    return CheckResult.ok("a");
                }).timeout("2s"))
                .build();
        try (Engine e = Engine.builder().clock(clock).build()) {
            e.run(rb, RunRequest.allChecks());
        }
        Instant armed = Instant.parse("2030-01-01T00:00:02Z");
        // a fifth of 2 s is kept as the margin
        assertThat(seen).containsExactly(armed, Duration.ofMillis(1600), armed, Duration.ofMillis(1100));
    }

    @Test
    void anActionHasTheSameFixedDeadline() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Runbook rb = RunbookBuilder.runbook("deadline")
                .action("fix", "Fix", "10s", ctx -> {
                    seen.add(ctx.deadline());
                    clock.advance(Duration.ofSeconds(3));
                    seen.add(ctx.deadline());
                    seen.add(ctx.ioTimeout());
                    return ActionResult.done("fixed");
                })
                .check("down", c -> c.of(ctx -> CheckResult.critical("down")).onCritical("fix"))
                .build();
        try (Engine e = Engine.builder().clock(clock).build()) {
            e.run(rb, RunRequest.allChecks());
        }
        Instant armed = Instant.parse("2030-01-01T00:00:10Z");
        // 7 s left, less a margin of 500 ms (a fifth of 10 s, capped)
        assertThat(seen).containsExactly(armed, armed, Duration.ofMillis(6500));
    }
}

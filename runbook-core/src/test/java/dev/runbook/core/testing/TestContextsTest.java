package dev.runbook.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestContextsTest {
    @Test
    void checkContextKeepsStateMovesItsClockAndDropsWritesInDryRun() {
        TestCheckContext ctx = TestCheckContext.at("2026-11-28T09:00:00Z");
        ctx.state().put("offset", "42");
        assertThat(ctx.state).containsEntry("offset", "42");
        ctx.advance(Duration.ofMinutes(5));
        assertThat(ctx.clock().instant()).isEqualTo(Instant.parse("2026-11-28T09:05:00Z"));
        ctx.dryRun(true).state().put("offset", "99");
        assertThat(ctx.state).containsEntry("offset", "42");
        ctx.runMetrics.put("access.requests", 200.0);
        assertThat(ctx.runMetric("access.requests")).hasValue(200.0);
        assertThat(ctx.runMetric("access.errors")).isEmpty();
    }

    @Test
    void forgetWritesMakesEveryCallAFirstRun() {
        TestCheckContext ctx = new TestCheckContext().forgetWrites();
        ctx.state().put("offset", "42");
        assertThat(ctx.state().get("offset")).isEmpty();
    }

    @Test
    void actionContextExpandsCapturedValuesAsTheEngineDoes() {
        TestActionContext ctx = new TestActionContext(Instant.parse("2026-11-28T09:00:00Z"), false);
        ctx.capture("previous_commit", "abc123");
        assertThat(ctx.expand("git checkout ${captured.previous_commit}")).isEqualTo("git checkout abc123");
        assertThatThrownBy(() -> ctx.expand("${captured.nothing}")).hasMessageContaining("${captured.nothing} is used before");
        assertThat(ctx.dryRun(true).expand("${captured.nothing}")).isEqualTo("<nothing captured at run time>");
        assertThat(ctx.incidents().open()).isEmpty();
    }
}

package dev.runbook.checks.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.testing.TestCheckContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IoTimeoutTest {

    @Test
    void keepsAFifthOfWhatIsLeftBetweenATenthOfASecondAndOneSecond() {
        assertThat(IoTimeout.below(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(29)); // margin capped at 1 s
        assertThat(IoTimeout.below(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(2400)); // a fifth
        assertThat(IoTimeout.below(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(200)); // at least 100 ms
        assertThat(IoTimeout.below(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(IoTimeout.FLOOR_MS));
        assertThat(IoTimeout.below(Duration.ofMillis(-5))).isEqualTo(Duration.ofMillis(IoTimeout.FLOOR_MS));
    }

    @Test
    void measuresFromTheContextsClockToItsDeadline() {
        TestCheckContext ctx = TestCheckContext.at("2026-11-28T09:00:00Z").timeout(Duration.ofSeconds(5));
        assertThat(IoTimeout.below(ctx)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void socketMillisAreNeverZeroWhichWouldMeanWaitForever() {
        assertThat(IoTimeout.millis(Duration.ZERO)).isEqualTo((int) IoTimeout.FLOOR_MS);
        assertThat(IoTimeout.millis(Duration.ofDays(100))).isEqualTo(Integer.MAX_VALUE);
        assertThat(IoTimeout.remaining(Duration.ofMillis(1), System.nanoTime() - 5_000_000_000L).toMillis())
                .isEqualTo(IoTimeout.FLOOR_MS);
    }
}

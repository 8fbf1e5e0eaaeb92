package dev.runbook.checks.exec;

import dev.runbook.core.testing.TestActionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.action.Action;
import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.spi.TypeContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WaitActionTypeTest {

    private final WaitActionType type = new WaitActionType();

    @Test
    void dryRunDoesNotSleep() throws Exception {
        long start = System.nanoTime();
        ActionResult r = type.create(new WaitActionType.Params(Duration.ofHours(1)), TypeContext.defaults("w"))
                .execute(new TestActionContext().dryRun(true));
        assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.message()).isEqualTo("would wait 1h 0m");
        assertThat((System.nanoTime() - start) / 1e6).isLessThan(500);
    }

    @Test
    void sleepIsInterruptible() throws Exception {
        Action a = type.create(new WaitActionType.Params(Duration.ofMinutes(10)), TypeContext.defaults("w"));
        AtomicReference<ActionResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(a.execute(new TestActionContext()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        Thread.sleep(100);
        t.interrupt();
        t.join(2000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.get().message()).contains("interrupted");
    }

    @Test
    void waitsTheDuration() throws Exception {
        long start = System.nanoTime();
        ActionResult r = type.create(new WaitActionType.Params(Duration.ofMillis(150)), TypeContext.defaults("w"))
                .execute(new TestActionContext());
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(150);
    }

    @Test
    void requiresADuration() {
        assertThatThrownBy(() -> type.create(new WaitActionType.Params(null), TypeContext.defaults("w")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }
}

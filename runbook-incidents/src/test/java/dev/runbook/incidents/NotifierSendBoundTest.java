package dev.runbook.incidents;

import static dev.runbook.incidents.Fixtures.MONDAY_10;
import static dev.runbook.incidents.Fixtures.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runbook.core.ManualClock;
import dev.runbook.core.escalation.Contact;
import dev.runbook.core.escalation.EscalationPolicy;
import dev.runbook.core.escalation.Level;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.escalation.Notifier;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each notifier send is one timed invocation: a notifier that never returns cannot hold up the outbox. */
class NotifierSendBoundTest {
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(10), 0.2);

    @TempDir
    Path dir;

    @Test
    void aNotifierThatNeverReturnsIsCutAtTheSendBoundAndRetriedLater() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Notifier hangs = (n, address) -> {
            calls.incrementAndGet();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a socket write that no interrupt reaches
                }
            }
        };
        Runbook rb = Runbook.builder("ai-estimator").zone(TOKYO)
                .escalation(new EscalationPolicy(List.of(new Level("P1", "Complete service outage", Duration.ZERO,
                        List.of("ops"), List.of())), List.of(), null, List.of(new Contact("ops", "hook", null, null))))
                .notifier("hook", hangs).build();
        ManualClock clock = new ManualClock(MONDAY_10, TOKYO);
        try (StoreIncidentService s = StoreIncidentService.open(dir.resolve("rb.db"), rb, clock, RETRY, () -> 0.5)
                .sendTimeout(Duration.ofMillis(200))) {
            Notification n = new Notification("message", "disk cleanup done", "freed 3 GB", Map.of(), clock.instant());
            String first = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> s.notifications().send(List.of("hook"), n, false), "a hung notifier must not hold up a send");
            assertThat(first).isEqualTo(
                    "hook not delivered yet (notifier 'hook': timed out after 200ms; retrying at 10:00)");
            // while the hung send lives, the notifier is not called again on top of it
            String second = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> s.notifications().send(List.of("hook"), n, false));
            assertThat(second).contains("not started: its previous run timed out and is still running");
            assertThat(calls).hasValue(1);
            assertThat(s.pendingNotifications()).isEqualTo(2);
        } finally {
            release.countDown();
        }
    }
}

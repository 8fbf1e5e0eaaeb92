package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undelivered notifications are retried by the runtime's escalation ticker after a run, on its own thread, never
 * ahead of the checks: a receiver that hangs holds neither the run nor the checks.
 */
@Timeout(60)
class OutboxOffTheCheckPathTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @TempDir
    Path dir;

    /** A receiver that refuses the first notification, then hangs on the next until released. */
    static final class HangingReceiver {
        final List<String> events;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HangingReceiver(List<String> events) {
            this.events = events;
        }

        void send(Notification n, String address) throws Exception {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("receiver down");
            }
            events.add("delivery");
            entered.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        }
    }

    Runbook runbook(List<String> events, HangingReceiver receiver) {
        return RunbookBuilder.runbook("outbox").zone("Asia/Tokyo").store(dir.resolve("outbox.db").toString())
                .check("disk", c -> c.of(ctx -> {
                    events.add("check");
                    return CheckResult.ok("fine");
                }))
                .contact("ops", "hook", null, null)
                .notifier("hook", receiver::send)
                .procedure("morning-check", p -> p.checks("disk"))
                .build();
    }

    @Test
    void aRunReturnsBeforeAHangingRetryAndItsChecksComeFirst() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HangingReceiver receiver = new HangingReceiver(events);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T00:00:00Z"), TOKYO);
        try (RunbookRuntime rt = RunbookRuntime.builder(runbook(events, receiver)).env(Map.of()).clock(clock)
                .outboxBudget(Duration.ofSeconds(1)).stopBound(Duration.ofSeconds(5)).build()) {
            String said = rt.notifications().send(List.of("ops"),
                    new Notification("message", "disk cleanup done", "freed 3 GB", Map.of(), clock.instant()), false);
            assertThat(said).contains("not delivered yet");
            assertThat(rt.storeIncidents().pendingNotifications()).isEqualTo(1);
            clock.advance(Duration.ofHours(1)); // the retry is due

            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                    () -> rt.run(RunRequest.builder().procedure("morning-check").build()));
            RunResult result = run.get(20, TimeUnit.SECONDS); // a hang guard only
            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(events).first().isEqualTo("check");

            // the retry happens after the run, on the ticker's thread, while nobody waits for it
            assertThat(receiver.entered.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsExactly("check", "delivery");
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("runbook-escalations"));
            receiver.release.countDown();
            assertThat(rt.escalations().awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(rt.storeIncidents().pendingNotifications()).isZero();
        } finally {
            receiver.release.countDown();
        }
    }
}

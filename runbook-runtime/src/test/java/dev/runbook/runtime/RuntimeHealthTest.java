package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.escalation.Notification;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.runtime.http.DaemonHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} of a runtime's daemon says "degraded" (503, with the reason) for a late schedule or a stuck outbox. */
@Timeout(60)
class RuntimeHealthTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T08:00:00+09:00"), TOKYO);

    @TempDir
    Path dir;

    Runbook runbook(boolean receiverDown) {
        return RunbookBuilder.runbook("web").zone("Asia/Tokyo").store(dir.resolve("web.db").toString())
                .check("health", c -> c.of(ctx -> CheckResult.ok("fine")))
                .contact("ops", "hook", null, null)
                .notifier("hook", (n, address) -> {
                    if (receiverDown) {
                        throw new IllegalStateException("connection refused");
                    }
                })
                .procedure("morning-check", p -> p.schedule("daily 09:00").checks("health")).build();
    }

    record Health(int code, JsonNode body) {
    }

    static Health health(DaemonHttp http) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + http.address().getPort() + "/health")
                .openConnection();
        c.setReadTimeout(30_000); // a hang guard only
        try {
            int code = c.getResponseCode();
            try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Health(code, new ObjectMapper().readTree(in));
            }
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aScheduleTheLoopDidNotFireIsLate() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        try (RunbookRuntime rt = RunbookRuntime.builder(runbook(false)).env(Map.of()).clock(clock)
                .waiter(deadline -> stalled.await()).stopBound(Duration.ofSeconds(5)).build()) {
            rt.schedule();
            DaemonHttp http = rt.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            awaitAlive(rt);
            assertThat(health(http).code()).isEqualTo(200);
            assertThat(health(http).body().get("status").asText()).isEqualTo("ok");

            clock.set(Instant.parse("2026-11-27T09:05:00+09:00")); // 09:00 passed; the loop is stalled
            Health h = health(http);
            assertThat(h.code()).isEqualTo(503);
            assertThat(h.body().get("status").asText()).isEqualTo("degraded");
            assertThat(h.body().get("reasons").get(0).asText())
                    .startsWith("procedure morning-check is late: due at 2026-11-27T09:00:00+09:00");
        } finally {
            stalled.countDown();
        }
    }

    @Test
    void aNotificationUndeliveredForLongMakesTheOutboxStuck() throws Exception {
        CountDownLatch idle = new CountDownLatch(1);
        try (RunbookRuntime rt = RunbookRuntime.builder(runbook(true)).env(Map.of()).clock(clock)
                .waiter(deadline -> idle.await()).outboxStuckAfter(Duration.ofMinutes(15))
                .lateAfter(Duration.ofDays(1)).stopBound(Duration.ofSeconds(5)).build()) {
            rt.schedule();
            DaemonHttp http = rt.serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            awaitAlive(rt);
            rt.notifications().send(List.of("ops"),
                    new Notification("message", "disk cleanup done", "freed 3 GB", Map.of(), clock.instant()), false);
            assertThat(health(http).code()).isEqualTo(200);

            clock.advance(Duration.ofMinutes(16));
            Health h = health(http);
            assertThat(h.code()).isEqualTo(503);
            assertThat(h.body().get("reasons").get(0).asText())
                    .isEqualTo("outbox stuck: 1 notification(s) undelivered, the oldest for 960 s");
        } finally {
            idle.countDown();
        }
    }

    static void awaitAlive(RunbookRuntime rt) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!rt.schedule().alive() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(rt.schedule().alive()).isTrue();
    }
}

package dev.runbook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.runtime.schedule.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One slow client must not hold the daemon's endpoints hostage: real sockets on 127.0.0.1 that send a byte and
 * wait, or send too much, beside a real {@code /health} request.
 */
@Timeout(60)
class SlowClientTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
    final CountDownLatch release = new CountDownLatch(1);
    final List<Socket> sockets = new ArrayList<>();
    Engine engine;
    Scheduler scheduler;
    Thread loop;

    @BeforeEach
    void start() throws Exception {
        Runbook rb = RunbookBuilder.runbook("web").zone("Asia/Tokyo")
                .check("health", c -> c.of(ctx -> CheckResult.ok("fine")))
                .procedure("morning-check", p -> p.schedule("daily 09:00").checks("health")).build();
        engine = Engine.builder().clock(clock).build();
        scheduler = Scheduler.builder(rb, engine).clock(clock).executor(Runnable::run).waiter(d -> release.await())
                .build();
        loop = new Thread(scheduler, "test-scheduler");
        loop.start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scheduler.alive() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        scheduler.stop();
        release.countDown();
        loop.join(5000);
        engine.close();
    }

    Socket idle(InetSocketAddress a, String sent) throws IOException {
        Socket s = new Socket(a.getAddress(), a.getPort());
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(sent.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    static int get(InetSocketAddress a, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + a.getPort() + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(30_000); // a hang guard only
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    static String statusLine(Socket s) throws IOException {
        s.setSoTimeout(30_000); // a hang guard only
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0 && ch != '\r' && ch != '\n') {
            b.append((char) ch);
        }
        return b.toString();
    }

    @Test
    void healthAnswersWhileAClientThatSentOneByteWaits() throws Exception {
        try (DaemonHttp http = DaemonHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                scheduler, engine.store())) {
            InetSocketAddress a = http.address();
            Socket slow = idle(a, "G");
            CompletableFuture<Integer> health = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(a, "/health");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(health.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(slow.isClosed()).isFalse();
        }
    }

    @Test
    void aClientThatNeverFinishesItsHeadIsCutOffAtTheDeadline() throws Exception {
        try (DaemonHttp http = DaemonHttp.builder(scheduler).headDeadline(Duration.ofMillis(300))
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Socket slow = idle(http.address(), "GET /health HTTP/1.1\r\nHost: x\r\n");
            assertThat(statusLine(slow)).isEqualTo("HTTP/1.1 408 Request Timeout");
        }
    }

    @Test
    void oversizedUrlsAndHeadersAreRefused() throws Exception {
        try (DaemonHttp http = DaemonHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                scheduler, null)) {
            Socket longUrl = idle(http.address(), "GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n");
            assertThat(statusLine(longUrl)).isEqualTo("HTTP/1.1 414 URI Too Long");
            Socket bigHead = idle(http.address(), "GET /health HTTP/1.1\r\nX-Pad: " + "b".repeat(20_000) + "\r\n\r\n");
            assertThat(statusLine(bigHead)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            assertThat(get(http.address(), "/health")).isEqualTo(200);
        }
    }

    @Test
    void connectionsPastTheBoundAreAnsweredBusyAtOnce() throws Exception {
        try (DaemonHttp http = DaemonHttp.builder(scheduler).workers(1).maxConnections(2)
                .headDeadline(Duration.ofMinutes(1)) // the two idle clients stay for the whole test
                .start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            idle(http.address(), "G"); // holds the one worker
            idle(http.address(), "G"); // waits in the queue
            Socket third = idle(http.address(), "G");
            assertThat(statusLine(third)).isEqualTo("HTTP/1.1 503 Service Unavailable");
        }
    }
}

package dev.runbook.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricSpec;
import dev.runbook.core.Status;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.runtime.schedule.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoints served by a real JDK server on 127.0.0.1 and an ephemeral port, read as their consumers read them. */
@Timeout(30)
class DaemonHttpTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    final ManualClock clock = new ManualClock(LocalDateTime.of(2026, 11, 27, 8, 0).atZone(TOKYO).toInstant(), TOKYO);
    final CountDownLatch release = new CountDownLatch(1);
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Engine engine;
    Scheduler scheduler;
    Thread loop;
    DaemonHttp http;

    static Runbook runbook() {
        return RunbookBuilder.runbook("web").title("Web Operations").zone("Asia/Tokyo")
                .check("health", c -> c.title("Health check").of(ctx -> CheckResult.builder().status(Status.OK)
                        .value(0.0021, Unit.SECONDS).metric("latency", 0.0021).message("HTTP 200").build(),
                        MetricSpec.higherIsWorse("latency", Unit.SECONDS)).critical("5s"))
                .check("disk", c -> c.title("Disk usage").of(ctx -> CheckResult.builder().status(Status.OK)
                        .value(85.5, Unit.PERCENT).metric("used", 85.5).message("/ 85.5% used").build(),
                        MetricSpec.higherIsWorse("used", Unit.PERCENT)).warning("80%").critical("90%"))
                .check("never", c -> c.title("Never run").of(ctx -> CheckResult.ok("fine")))
                .procedure("morning-check", p -> p.title("Morning Check").schedule("daily 09:00").checks("health", "disk"))
                .procedure("evening-check", p -> p.title("Evening <Check>").schedule("daily 18:00").checks("health"))
                .build();
    }

    @BeforeEach
    void start() throws Exception {
        engine = Engine.builder().clock(clock).build();
        scheduler = Scheduler.builder(runbook(), engine).clock(clock).executor(Runnable::run)
                .waiter(d -> release.await()).build();
        scheduler.jobs(); // nothing has run yet
        http = DaemonHttp.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), scheduler, engine.store());
    }

    void startLoopAfterRunningMorningCheck() throws Exception {
        clock.set(LocalDateTime.of(2026, 11, 27, 9, 0).atZone(TOKYO).toInstant());
        scheduler.fireDue(clock.instant());
        loop = new Thread(scheduler, "test-scheduler");
        loop.start();
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scheduler.alive() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(scheduler.alive()).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.stop();
        release.countDown();
        if (loop != null) {
            loop.join(5000);
        }
        http.stop();
        engine.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + http.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsServeThePrometheusGaugesOfEveryCheckRunParsedLineByLine() throws Exception {
        startLoopAfterRunningMorningCheck();
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                assertThat(line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")).as(line).isTrue();
                continue;
            }
            int sp = line.lastIndexOf(' ');
            samples.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
        assertThat(samples).containsEntry("runbook_check_status{runbook=\"web\",check=\"health\"}", 0.0)
                .containsEntry("runbook_check_status{runbook=\"web\",check=\"disk\"}", 1.0)
                .containsEntry("runbook_check_value{runbook=\"web\",check=\"disk\",metric=\"used\",unit=\"%\"}", 85.5)
                .containsKey("runbook_check_duration_seconds{runbook=\"web\",check=\"health\"}")
                .doesNotContainKey("runbook_check_status{runbook=\"web\",check=\"never\"}");
        assertThat(r.body()).contains("# TYPE runbook_check_status gauge");
    }

    @Test
    void healthIsOkJsonWithUptimeAndNextFireTimesWhileTheLoopIsAlive() throws Exception {
        startLoopAfterRunningMorningCheck();
        clock.advance(Duration.ofSeconds(42));
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = new ObjectMapper().readTree(r.body());
        assertThat(n.get("status").asText()).isEqualTo("ok");
        assertThat(n.get("uptime_seconds").asLong()).isEqualTo(42);
        assertThat(n.get("next").get("procedure:morning-check").asText()).isEqualTo("2026-11-28T09:00:00+09:00");
        assertThat(n.get("next").get("procedure:evening-check").asText()).isEqualTo("2026-11-27T18:00:00+09:00");
    }

    @Test
    void healthIs503WhenTheSchedulerLoopIsNotRunning() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new ObjectMapper().readTree(r.body()).get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void statusPageListsProceduresWithNextAndLastRunAndEachChecksLatestStatus() throws Exception {
        startLoopAfterRunningMorningCheck();
        HttpResponse<String> r = get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.body()).contains("<title>Web Operations", "Morning Check", "Evening &lt;Check&gt;",
                "daily 09:00", "2026-11-28T09:00:00+09:00", "2026-11-27T09:00:00+09:00", "not yet",
                "Health check", "Disk usage", ">WARNING<", "Never run", "no result yet");
    }

    @Test
    void unknownPathsAre404AndPostIsRefused() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        URI uri = URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}

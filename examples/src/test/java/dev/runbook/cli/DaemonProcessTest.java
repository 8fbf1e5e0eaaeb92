package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook daemon} as a separate process on a real YAML runbook ({@code every 1m}, started with
 * {@code --run-now} so nothing waits a minute): it serves the check on /metrics, and SIGTERM stops it with exit 0.
 */
class DaemonProcessTest {
    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyFixtures() throws Exception {
        for (String f : List.of("daemon.yaml", "marker.txt")) {
            try (InputStream in = DaemonProcessTest.class.getResourceAsStream("/yaml/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
    }

    /**
     * {@code env --default-signal=INT} (coreutils 8.31 and later), or null where it is missing. A JVM started from a
     * background job inherits SIGINT ignored and honours that, so Ctrl-C would never reach the daemon; the wrapper
     * resets it to the default before the JVM starts, whatever disposition this test process inherited.
     * ({@code bash -c 'trap - INT; exec …'} does not: a non-interactive bash cannot reset a signal ignored on entry.)
     */
    static List<String> defaultSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0
                    ? List.of("env", "--default-signal=INT") : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    static Process start(Path err, String... args) throws Exception {
        return start(List.of(), err, args);
    }

    static Process start(List<String> wrapper, Path err, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    @Test
    @Timeout(120)
    void servesTheScheduledChecksMetricsAndExitsZeroOnSigterm() throws Exception {
        Path err = dir.resolve("daemon-err.txt");
        Process p = start(err, "daemon", "daemon.yaml", "--listen", "127.0.0.1:0", "--run-now");
        try {
            int port = -1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < until && p.isAlive()) {
                Matcher m = LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(port).as(Files.readString(err)).isPositive();
            assertThat(Files.readString(err)).contains("next: minutely");

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String metrics = "";
            while (System.nanoTime() < until && !metrics.contains("check=\"half-full\"} 1")) {
                metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (!metrics.contains("check=\"half-full\"} 1")) {
                    Thread.sleep(200);
                }
            }
            assertThat(metrics.lines()).as(Files.readString(err))
                    .contains("runbook_check_status{runbook=\"e2e-daemon\",check=\"half-full\"} 1",
                            "runbook_check_status{runbook=\"e2e-daemon\",check=\"marker\"} 0",
                            "runbook_check_value{runbook=\"e2e-daemon\",check=\"half-full\",metric=\"used\",unit=\"%\"} 85");
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode h = new ObjectMapper().readTree(health.body());
            assertThat(h.get("next").get("procedure:minutely").asText()).matches("\\d{4}-.*:00\\+09:00");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            assertThat(Files.readString(err)).contains("runbook daemon: stopped");
        } finally {
            p.destroyForcibly();
        }
        // what the daemon ran was recorded to the store, like `run` does
        Launch.Outcome history = Launch.plain(dir.resolve("xdg")).run(dir, "history", "daemon.yaml", "--format", "json");
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("\"half-full\"", "\"minutely\"");
    }

    @Test
    @Timeout(90)
    void sigintStopsItWithExitZeroToo() throws Exception {
        List<String> wrapper = defaultSigint();
        Assumptions.assumeTrue(wrapper != null, "needs env --default-signal (coreutils 8.31+) to reset an inherited "
                + "ignored SIGINT");
        Path err = dir.resolve("daemon-int-err.txt");
        Process p = start(wrapper, err, "daemon", "daemon.yaml", "--listen", "127.0.0.1:0");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && p.isAlive() && !LISTENING.matcher(Files.readString(err)).find()) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(err)).containsPattern(LISTENING);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void anInvalidFileOrABadListenAddressExitsWithoutServing() throws Exception {
        Launch l = Launch.withFixtures(dir.resolve("xdg2"));
        Launch.Outcome broken = l.run(dir, "daemon", "broken.yaml");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("did not start");
        Launch.Outcome bad = l.run(dir, "daemon", "ok.yaml", "--listen", "127.0.0.1:99999");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("out of range");
    }
}

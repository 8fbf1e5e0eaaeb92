package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a separate process under probes that no interrupt reaches: a procedure of eight {@code log} checks
 * on FIFOs (open(2) blocks until a writer comes, and none does), each with a remediation (an action, then a
 * recheck), every 2 s; beside it a heartbeat procedure appends a line every 2 s. For a minute and a half the heartbeat keeps
 * its schedule, {@code /health} tells the truth, and SIGTERM still stops the daemon with exit 0.
 *
 * <p>Its minute and a half is a wall-clock watch in which the test only waits (a look at {@code /health} every
 * 5 s), so it runs beside the other test classes ({@code junit-platform.properties}) rather than adding 90 s to the
 * build; its bounds (a 15 s silence, 30 s to stop) are far above what a busy machine adds. Never beside a class
 * with a tight bound of its own ({@link #TIGHT_BOUNDS}: the fleet's lease taken within 1 s).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(DaemonHungProbeProcessTest.TIGHT_BOUNDS)
class DaemonHungProbeProcessTest {
    /** The lock a class holds that must not run beside this one's daemon (its FIFO probes and actions). */
    static final String TIGHT_BOUNDS = "a machine not shared with the hung-probe daemon";
    private static final int FIFOS = 8;
    private static final Duration WATCH = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private String runbook(Path heartbeat) {
        StringBuilder y = new StringBuilder("""
                runbook: hung-fifos
                title: Hung FIFOs beside a heartbeat
                version: 1
                timezone: UTC
                store: ./state/hung.db
                actions:
                  poke:
                    type: command
                    title: Poke the writer
                    run: [sh, -c, "true"]
                    timeout: 2s
                  beat:
                    type: command
                    title: Heartbeat
                    run: [sh, -c, "date +%s >> '%HEARTBEAT%'"]
                    timeout: 5s
                checks:
                """.replace("%HEARTBEAT%", heartbeat.toString()));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= FIFOS; i++) {
            String id = "fifo-" + i;
            ids.add(id);
            y.append("  ").append(id).append(":\n")
                    .append("    type: log\n")
                    .append("    file: ./").append(id).append('\n')
                    .append("    pattern: ERROR\n")
                    .append("    timeout: 1s\n")
                    .append("    on_unknown: [poke, {recheck: ").append(id).append("}]\n");
        }
        y.append("procedures:\n")
                .append("  fifos:\n    title: Read the FIFOs\n    schedule: every 2s\n    steps: [")
                .append(String.join(", ", ids)).append("]\n")
                .append("  heartbeat:\n    title: Heartbeat\n    schedule: every 2s\n    steps: [beat]\n");
        return y.toString();
    }

    /** Starts the launcher in {@code dir}, as {@link DaemonProcessTest} does. */
    private Process start(Path err, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    @Test
    @Timeout(180)
    void theHeartbeatKeepsItsScheduleWhileProbesHangAndSigtermStillStopsTheDaemon() throws Exception {
        for (int i = 1; i <= FIFOS; i++) {
            Process mk = new ProcessBuilder("mkfifo", dir.resolve("fifo-" + i).toString()).start();
            assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(mk.exitValue()).isZero();
        }
        Path heartbeat = dir.resolve("heartbeat.txt");
        Files.writeString(dir.resolve("hung.yaml"), runbook(heartbeat));
        Path err = dir.resolve("daemon-err.txt");
        Process p = start(err, "daemon", "hung.yaml", "--listen", "127.0.0.1:0");
        try {
            int port = -1;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < until && p.isAlive()) {
                Matcher m = DaemonProcessTest.LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(port).as(Files.readString(err)).isPositive();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            long watchStart = System.currentTimeMillis() / 1000;
            long end = System.nanoTime() + WATCH.toNanos();
            int healthChecks = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(5_000);
                assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
                HttpResponse<String> h = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
                JsonNode n = new ObjectMapper().readTree(h.body());
                assertThat(n.get("status").asText()).isEqualTo("ok");
                // the truth: the heartbeat's next firing is still ahead (a stuck scheduler leaves it in the past)
                long next = OffsetDateTime.parse(n.get("next").get("procedure:heartbeat").asText()).toEpochSecond();
                assertThat(next).as("next heartbeat firing, at %s", System.currentTimeMillis() / 1000)
                        .isGreaterThanOrEqualTo(System.currentTimeMillis() / 1000 - 10);
                healthChecks++;
            }
            long watchEnd = System.currentTimeMillis() / 1000;
            assertThat(healthChecks).isPositive();

            List<Long> beats = Files.readAllLines(heartbeat).stream().map(String::trim).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).filter(t -> t >= watchStart).toList();
            // every 2 s; a generous bound for a loaded machine: no silence of 15 s, and beats to the end
            assertThat(beats).as("heartbeats during the watch").hasSizeGreaterThan((int) (WATCH.toSeconds() / 2 / 4));
            long gap = 0;
            long previous = watchStart;
            for (long b : beats) {
                gap = Math.max(gap, b - previous);
                previous = b;
            }
            gap = Math.max(gap, watchEnd - previous);
            assertThat(gap).as("longest silence of the heartbeat, s (beats %s)", beats).isLessThanOrEqualTo(15);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}

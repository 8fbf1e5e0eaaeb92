package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §9 [1.1] through the launcher as monitoring systems read it: the nagios first line names the
 * failing checks worst first with the long output after it, junit validates against Jenkins' junit-10.xsd, and a
 * restarted daemon serves every check's latest stored result on /metrics, with its timestamp, before any schedule.
 */
class PluginOutputProcessTest {
    /** The schema as committed in runbook-runtime's test resources (the launcher tests run in examples/). */
    static final Path XSD = Path.of("..", "runbook-runtime", "src", "test", "resources", "jenkins", "junit-10.xsd");
    static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        Files.writeString(dir.resolve("marker.txt"), "here\n");
        Files.writeString(dir.resolve("plugin.yaml"), """
                runbook: plugin
                version: 1
                timezone: UTC
                store: ./state/plugin.db
                checks:
                  marker: { type: file, title: Marker file, path: ./marker.txt }
                  half-full:
                    type: command
                    title: A plugin that warns
                    run: [sh, -c, "echo 'DISK WARNING - half full | used=85%;80;90'; exit 1"]
                  gone:
                    type: command
                    title: A plugin that fails
                    run: [sh, -c, "echo 'API CRITICAL - connection refused'; exit 2"]
                procedures:
                  check:
                    title: Check
                    schedule: monthly 1 03:00
                    steps: [marker, half-full, gone]
                """);
    }

    /** The launcher as a long-running process in {@link #dir}, its stderr to {@code err}. */
    static Process daemon(Path err, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(java.io.File.pathSeparator + java.io.File.pathSeparator, java.io.File.pathSeparator),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    @Test
    void nagiosNamesTheFailingChecksWorstFirstThenTheirMessages() throws Exception {
        Launch.Outcome o = run("run", "plugin.yaml", "--format", "nagios");
        assertThat(o.exit()).as(o.err()).isEqualTo(2);
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).startsWith("RUNBOOK CRITICAL - gone CRITICAL, half-full WARNING | ")
                .contains("'half-full.used'=85%;;");
        assertThat((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("gone CRITICAL: API CRITICAL - connection refused");
        assertThat(lines.get(2)).startsWith("half-full WARNING: DISK WARNING - half full");
    }

    @Test
    void junitIsValidAgainstJenkinsSchema() throws Exception {
        assertThat(XSD).as("junit-10.xsd committed in runbook-runtime").exists();
        Launch.Outcome o = run("run", "plugin.yaml", "--format", "junit");
        assertThat(o.exit()).as(o.err()).isEqualTo(2);
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(XSD.toFile()).newValidator()
                .validate(new StreamSource(new StringReader(o.out())));   // throws SAXException when invalid
        assertThat(o.out()).contains("<failure type=\"CRITICAL\"", "<failure type=\"WARNING\"");
    }

    @Test
    @Timeout(120)
    void aRestartedDaemonServesTheStoredResultsWithTheirTimestamps() throws Exception {
        Launch.Outcome first = run("run", "plugin.yaml", "--format", "json");
        assertThat(first.exit()).as(first.err()).isEqualTo(2);
        Launch.Outcome h = run("history", "plugin.yaml", "--check", "half-full", "--format", "json");
        JsonNode results = new ObjectMapper().readTree(h.out()).get("results");
        long at = OffsetDateTime.parse(results.get(results.size() - 1).get("at").asText()).toEpochSecond();

        // no --run-now, and the only schedule is the 1st of a month at 03:00: /metrics must come from the store
        Path err = dir.resolve("daemon-err.txt");
        Process p = daemon(err, "daemon", "plugin.yaml", "--listen", "127.0.0.1:0");
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
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics.lines()).as(metrics).contains(
                    "runbook_check_status{runbook=\"plugin\",check=\"half-full\"} 1",
                    "runbook_check_status{runbook=\"plugin\",check=\"gone\"} 2",
                    "runbook_check_status{runbook=\"plugin\",check=\"marker\"} 0",
                    "runbook_check_value{runbook=\"plugin\",check=\"half-full\",metric=\"used\",unit=\"%\"} 85");
            Matcher ts = Pattern.compile("runbook_check_last_run_timestamp_seconds\\{runbook=\"plugin\","
                    + "check=\"half-full\"} ([0-9.]+)").matcher(metrics);
            assertThat(ts.find()).as(metrics).isTrue();
            assertThat((long) Double.parseDouble(ts.group(1))).isEqualTo(at);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}

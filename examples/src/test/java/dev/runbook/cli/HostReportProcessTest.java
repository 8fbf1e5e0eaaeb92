package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook report FILE ID --host NAME} narrows a report to one host (runbook-format §10), through the launcher:
 * two hosts record the same health check into one store over one day; web-1 is up all day, web-2 is down from 12:00
 * to 14:00. Each host's report shows its own availability, latency and notes, and its JSON names the host; the
 * fleet's report mixes both and lists the two hosts; an unknown host is an error naming the known ones.
 */
class HostReportProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant DAY = Instant.parse("2026-11-10T00:00:00Z");
    @TempDir
    static Path dir;

    @BeforeAll
    static void twoHostsRecordOneDay() throws Exception {
        Path file = dir.resolve("runbook.yaml");
        Files.writeString(file, String.join("\n",
                "runbook: fleet",
                "version: 1",
                "timezone: UTC",
                "store: ./state/fleet.db",
                "checks:",
                "  health: { type: http, url: \"http://127.0.0.1:9/health\" }",
                "slo:",
                "  availability: { from: health, objective: 99.0%, window: 30d }",
                ""));
        Runbook rb = SyntheticHistory.load(file, Map.of());
        ManualClock clock = new ManualClock(DAY, rb.zone());
        try (Store store = Store.open(dir.resolve("state/fleet.db"), Store.DEFAULT_RETENTION, clock)) {
            for (Instant at = DAY; at.isBefore(DAY.plus(Duration.ofDays(1))); at = at.plus(Duration.ofMinutes(10))) {
                record(store, clock, rb, "web-1", at, Status.OK, 0.1);
                Instant later = at.plus(Duration.ofMinutes(5));
                boolean down = !later.isBefore(DAY.plus(Duration.ofHours(12)))
                        && later.isBefore(DAY.plus(Duration.ofHours(14)));
                record(store, clock, rb, "web-2", later, down ? Status.CRITICAL : Status.OK, 0.3);
            }
            store.host("web-1").notes().add(DAY.plus(Duration.ofHours(9)), "ana", "rotated web-1's logs");
            store.host("web-2").notes().add(DAY.plus(Duration.ofHours(13)), "ben", "web-2 restarted by hand");
        }
    }

    private static void record(Store store, ManualClock clock, Runbook rb, String host, Instant at, Status status,
                               double latency) {
        clock.set(at);
        store.host(host);
        CheckRun run = new CheckRun("health", "http", "Health", status, status, latency, Unit.SECONDS,
                status == Status.OK ? "200 OK" : "connection refused", Map.of("latency", latency),
                Duration.ofMillis(3), null, false, false, false, false, Map.of(), List.of(), at);
        store.runs().record(new RunResult(rb.id(), "health-check", status, at.atZone(rb.zone()), Duration.ofMillis(40),
                "test", List.of(run), List.of(), List.of(), false, null));
    }

    private static Launch.Outcome runbook(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).timeoutSeconds(120).run(dir, args);
    }

    private static JsonNode report(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", "runbook.yaml", "day", "--date", "2026-11-10",
                "--format", "json"));
        args.addAll(List.of(more));
        Launch.Outcome o = runbook(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.err()).isZero();
        return JSON.readTree(o.out());
    }

    private static double availability(JsonNode report) {
        JsonNode checks = report.path("sections").path("availability").path("checks");
        assertThat(checks).as(report.toString()).hasSize(1);
        return checks.get(0).path("availability").asDouble();
    }

    private static List<String> notes(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("sections").path("notes").path("notes").forEach(n -> out.add(n.path("text").asText()));
        return out;
    }

    @Test
    void eachHostsReportHasItsOwnFigures() throws Exception {
        JsonNode web1 = report("--host", "web-1");
        assertThat(web1.path("host").asText()).isEqualTo("web-1");
        assertThat(availability(web1)).as("web-1 was up all day").isEqualTo(100.0);
        assertThat(notes(web1)).containsExactly("rotated web-1's logs");
        assertThat(web1.path("sections").has("hosts")).as("one host's report lists no fleet").isFalse();

        JsonNode web2 = report("--host", "web-2");
        assertThat(web2.path("host").asText()).isEqualTo("web-2");
        assertThat(availability(web2)).as("web-2 was down 2 h of 24 h").isCloseTo(100.0 * 22 / 24,
                org.assertj.core.data.Offset.offset(0.5));
        assertThat(notes(web2)).containsExactly("web-2 restarted by hand");
    }

    @Test
    void theFleetsReportMixesBothAndListsTheHosts() throws Exception {
        JsonNode fleet = report();
        assertThat(fleet.has("host")).as("the fleet's report names no one host").isFalse();
        assertThat(availability(fleet)).isGreaterThan(100.0 * 22 / 24 + 0.5).isLessThan(100.0);
        assertThat(notes(fleet)).containsExactly("rotated web-1's logs", "web-2 restarted by hand");
        List<String> hosts = new ArrayList<>();
        fleet.path("sections").path("hosts").path("hosts").forEach(h -> hosts.add(h.path("host").asText()));
        assertThat(hosts).containsExactly("web-1", "web-2");
    }

    @Test
    void theTextReportSaysWhoseItIs() throws Exception {
        Launch.Outcome o = runbook("report", "runbook.yaml", "day", "--date", "2026-11-10", "--host", "web-2");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out().lines().findFirst().orElseThrow()).endsWith("— host web-2");
        assertThat(o.out()).contains("web-2 restarted by hand").doesNotContain("rotated web-1's logs");
    }

    @Test
    void anUnknownHostIsAnErrorNamingTheKnownOnes() throws Exception {
        Launch.Outcome o = runbook("report", "runbook.yaml", "day", "--date", "2026-11-10", "--host", "web-9");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("--host web-9").contains("unknown host 'web-9'").contains("hosts: web-1, web-2");
        Launch.Outcome send = runbook("report", "runbook.yaml", "day", "--host", "web-1", "--send");
        assertThat(send.exit()).as("one host's report is not sent to the fleet's recipients").isEqualTo(2);
        assertThat(send.err()).contains("--send sends the fleet's report")
                .as("says why").contains("once per period for the runbook").contains("take the fleet's place");
    }
}

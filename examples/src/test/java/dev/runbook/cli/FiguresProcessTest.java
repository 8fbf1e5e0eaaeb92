package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §8 [1.1] figures through the launcher, as an operator meets them: {@code runbook report} on a
 * store holding a generated week, and {@code runbook run} of an {@code slo} check after a short outage on day one.
 */
class FiguresProcessTest {
    /** Monday 2025-10-20 00:00 UTC: the week {@code report weekly --date 2025-10-27} covers. */
    static final Instant MONDAY = Instant.parse("2025-10-20T00:00:00Z");
    static final String RUNBOOK = """
            runbook: figures
            version: 1
            timezone: UTC
            store: ./state/figures.db
            checks:
              health: { type: http, title: Health check, url: "http://127.0.0.1:9/health" }
              cpu: { type: cpu, title: CPU usage }
              access: { type: access-log, title: Access log (today), file: ./access_log, format: combined, window: today }
              availability-budget: { type: slo, title: Availability error budget, slo: availability }
            slo:
              availability: { from: health, objective: 99.0%, window: 30d }
            reports:
              weekly:
                title: Weekly Operations Report
                period: week
                sections: [services, availability, metrics]
                checks: [health]
                metrics:
                  access_count: { from: access.requests, agg: sum }
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void weekOfHistory() throws Exception {
        Files.writeString(dir.resolve("figures.yaml"), RUNBOOK);
        Files.writeString(dir.resolve("slo.yaml"), RUNBOOK.replace("./state/figures.db", "./state/slo.db"));
        Files.createDirectories(dir.resolve("state"));
        // health every 5 minutes except on Thursday, CRITICAL at Tuesday 10:00 (5 minutes down); cpu hourly;
        // access's running total of the day sampled at 10:00 and 17:00
        List<CheckRun> all = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            Instant day = MONDAY.plus(Duration.ofDays(d));
            for (int i = 0; i < 288 && d != 3; i++) {
                Status s = d == 1 && i == 120 ? Status.CRITICAL : Status.OK;
                all.add(result("health", "http", day.plus(Duration.ofMinutes(5L * i)), s, Unit.SECONDS,
                        Map.of("latency", 0.01)));
            }
            for (int h = 0; h < 24; h++) {
                all.add(result("cpu", "cpu", day.plus(Duration.ofHours(h)), Status.OK, Unit.PERCENT,
                        Map.of("usage", 30.0)));
            }
            all.add(result("access", "access-log", day.plus(Duration.ofHours(10)), Status.OK, Unit.COUNT,
                    Map.of("requests", 100.0 * (d + 1))));
            all.add(result("access", "access-log", day.plus(Duration.ofHours(17)), Status.OK, Unit.COUNT,
                    Map.of("requests", 100.0 * (d + 1) + 20)));
        }
        // the week after: health on Tuesday only, one result CRITICAL
        Instant tuesday = MONDAY.plus(Duration.ofDays(8));
        for (int i = 0; i < 288; i++) {
            Status s = i == 120 ? Status.CRITICAL : Status.OK;
            all.add(result("health", "http", tuesday.plus(Duration.ofMinutes(5L * i)), s, Unit.SECONDS,
                    Map.of("latency", 0.01)));
        }
        write(dir.resolve("state/figures.db"), all);
        // day one of an SLO: health every 30 s for the last 20 minutes, 90 s of it CRITICAL
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        List<CheckRun> dayOne = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Status s = i >= 10 && i < 13 ? Status.CRITICAL : Status.OK;
            dayOne.add(result("health", "http", start.plusSeconds(30L * i), s, Unit.SECONDS, Map.of("latency", 0.01)));
        }
        write(dir.resolve("state/slo.db"), dayOne);
    }

    static CheckRun result(String check, String type, Instant at, Status s, Unit unit, Map<String, Double> metrics) {
        Double v = metrics.values().iterator().next();
        return new CheckRun(check, type, null, s, s, v, unit, check + " " + s, metrics, Duration.ofMillis(2), null,
                false, false, false, false, Map.of(), List.of(), at);
    }

    /** Records the results in time order, one run each, as runs happen (the store rolls finished hours up). */
    static void write(Path file, List<CheckRun> results) {
        List<CheckRun> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(CheckRun::at));
        ManualClock clock = new ManualClock(sorted.get(0).at(), ZoneOffset.UTC);
        try (SqliteRunStore s = SqliteRunStore.open(file, Duration.ofDays(400), clock)) {
            for (CheckRun r : sorted) {
                clock.set(r.at());
                s.record(new RunResult("figures", "test", r.status(), r.at().atZone(ZoneOffset.UTC),
                        Duration.ofMillis(5), null, List.of(r), List.of(), List.of(), false, null));
            }
        }
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    @Test
    void weeklyReportShowsCoherentAvailabilityTheDailySumAndOnlyTheListedChecks() throws Exception {
        Launch.Outcome r = run("report", "figures.yaml", "weekly", "--date", "2025-10-27");
        assertThat(r.exit()).as(r.err()).isZero();
        // monitored: 6 days of 5-minute results plus Wednesday 23:55 covering 10 minutes into Thursday's gap
        long monitoredMin = 6 * 1440 + 5;
        String availability = String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * (1 - 5.0 / monitoredMin));
        assertThat(r.out()).contains("■ Service Status\n- Health check: Normal\n\n",
                "- Availability: " + availability + " — monitored 6 d of 7 d\n- Downtime: 5 minutes\n",
                "- Access count: " + (100 * (1 + 2 + 3 + 4 + 5 + 6 + 7) + 7 * 20) + "\n");
        assertThat(r.out()).doesNotContain("CPU usage", "Access count: " + (100 * 28 * 2 + 7 * 20));

        Launch.Outcome j = run("report", "figures.yaml", "weekly", "--date", "2025-10-27", "--format", "json");
        assertThat(j.exit()).as(j.err()).isZero();
        JsonNode h = new ObjectMapper().readTree(j.out()).get("sections").get("availability").get("checks").get(0);
        assertThat(h.get("monitored_s").asLong()).isEqualTo(monitoredMin * 60);
        assertThat(h.get("downtime_s").asLong()).isEqualTo(300);
    }

    @Test
    void aWeekWithOneDayMonitoredIsNotEnoughData() throws Exception {
        Launch.Outcome r = run("report", "figures.yaml", "weekly", "--date", "2025-11-03");
        assertThat(r.exit()).as(r.err()).isZero();
        // Sunday 23:55 of the week before reaches 5 minutes into Monday, Tuesday 23:55 10 minutes into Wednesday
        assertThat(r.out()).contains("- Availability: not enough data — monitored 1 d of 7 d\n- Downtime: 5 minutes\n");
        assertThat(r.out()).doesNotContain("99.65%");
    }

    @Test
    void anSloAfterAShortOutageOnDayOneIsUnknownNotEnoughHistory() throws Exception {
        Launch.Outcome r = run("run", "slo.yaml", "--check", "availability-budget", "--format", "json");
        JsonNode res = new ObjectMapper().readTree(r.out()).get("results").get(0);
        assertThat(res.get("status").asText()).as(r.out()).isEqualTo("UNKNOWN");
        assertThat(res.get("message").asText()).contains("not enough history");
        assertThat(res.get("metrics").has("budget_left")).isFalse();
        assertThat(r.exit()).isEqualTo(3);
    }
}

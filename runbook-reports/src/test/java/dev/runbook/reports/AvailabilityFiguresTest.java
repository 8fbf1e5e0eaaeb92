package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.model.Runbook;
import dev.runbook.core.quantity.Unit;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §8 [1.1] on a week of history: availability is {@code 1 − downtime ÷ monitored time} with the
 * monitored time beside it, "not enough data" under a quarter of the period, and {@code agg: sum} over a running
 * total ({@code window: today}) adds each day's last value.
 */
class AvailabilityFiguresTest {
    /** Monday 2026-10-19 00:00 in Tokyo: the week the weekly report of 2026-10-26 covers. */
    static final Instant MONDAY = ReportFixture.tokyo(10, 19, 0, 0);
    static final LocalDate NEXT_MONDAY = LocalDate.of(2026, 10, 26);

    @TempDir
    Path dir;
    Runbook rb;
    Path storeFile;
    ManualClock clock;

    @BeforeEach
    void setUp() throws Exception {
        rb = ReportFixture.load(dir);
        storeFile = dir.resolve("state/ops.db");
        clock = new ManualClock(MONDAY, TOKYO);
    }

    /**
     * health every 5 minutes through the week on the days {@code day} accepts (0 = Monday), CRITICAL at Tuesday
     * 10:00; access's running total of the day sampled at 10:00 (100 × (day + 1)) and 17:00 (that + 20).
     */
    private void week(IntPredicate day) {
        try (SqliteRunStore s = SqliteRunStore.open(storeFile, Duration.ofDays(400), clock)) {
            for (int d = 0; d < 7; d++) {
                List<CheckRun> batch = new ArrayList<>();
                Instant dayStart = MONDAY.plus(Duration.ofDays(d));
                for (int i = 0; i < 288 && day.test(d); i++) {
                    Instant t = dayStart.plus(Duration.ofMinutes(5L * i));
                    Status st = d == 1 && i == 120 ? Status.CRITICAL : Status.OK;
                    batch.add(ReportFixture.result("health", t, st, Unit.SECONDS, Map.of("latency", 0.01), List.of()));
                }
                for (int k = 0; k < 2; k++) {
                    Instant t = dayStart.plus(Duration.ofHours(k == 0 ? 10 : 17));
                    double total = 100.0 * (d + 1) + 20 * k;
                    batch.add(ReportFixture.result("access", t, Status.OK, Unit.COUNT, Map.of("requests", total),
                            List.of()));
                }
                batch.sort(java.util.Comparator.comparing(CheckRun::at));
                for (CheckRun r : batch) {
                    clock.set(r.at());
                    ReportFixture.record(s, r.at(), r);
                }
            }
        }
        clock.set(ReportFixture.tokyo(10, 26, 10, 0));
    }

    private String text() {
        return ReportFixture.render(rb, storeFile, "weekly", NEXT_MONDAY, "text", clock);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(ReportFixture.render(rb, storeFile, "weekly", NEXT_MONDAY, "json", clock));
    }

    @Test
    void availabilityIsOneMinusDowntimeOverMonitoredTimeWithTheMonitoredTimeBesideIt() throws Exception {
        // no result on Thursday: 6 days of results, each covering 5 minutes, and Wednesday 23:55 covering 10
        // (twice the interval) into the gap; one CRITICAL result: 5 minutes down
        week(d -> d != 3);
        long monitoredMin = 6 * 1440 + 5;
        double expected = 100.0 * (1 - 5.0 / monitoredMin);
        assertThat(text()).contains("■ Uptime\n- Availability: 99.94% — monitored 6 d of 7 d\n"
                + "- Downtime: 5 minutes\n");
        JsonNode h = json().get("sections").get("availability").get("checks").get(0);
        assertThat(h.get("availability").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(h.get("monitored_s").asLong()).isEqualTo(monitoredMin * 60);
        assertThat(h.get("period_s").asLong()).isEqualTo(7 * 86400);
        assertThat(h.get("downtime_s").asLong()).isEqualTo(300);
        assertThat(h.get("enough_data").asBoolean()).isTrue();
        JsonNode slo = json().get("sections").get("availability").get("slos").get(0);
        assertThat(slo.get("availability").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(slo.get("budget_left").asDouble()).isCloseTo(100 * (1 - 5.0 / (monitoredMin * 0.01)),
                within(1e-9));
    }

    @Test
    void lessThanAQuarterOfTheWeekMonitoredIsNotEnoughData() throws Exception {
        week(d -> d == 1);   // Tuesday only, with its 5-minute outage
        String t = text();
        assertThat(t).contains("- Availability: not enough data — monitored 1 d of 7 d\n- Downtime: 5 minutes\n",
                "- SLO availability: objective 99%, not enough data — monitored 1 d of 7 d\n");
        assertThat(t).doesNotContain("99.65%");
        JsonNode h = json().get("sections").get("availability").get("checks").get(0);
        assertThat(h.get("availability").isNull()).isTrue();
        assertThat(h.get("enough_data").asBoolean()).isFalse();
    }

    @Test
    void aSumOverARunningTotalAddsEachDaysLastValue() throws Exception {
        week(d -> true);
        int expected = 0;
        for (int d = 0; d < 7; d++) {
            expected += 100 * (d + 1) + 20;   // the 17:00 sample: the day's total
        }
        assertThat(text()).contains("- Access count: " + expected + "\n");
        assertThat(json().get("sections").get("metrics").get("access_count").get("value").asDouble())
                .isEqualTo(expected);
    }
}

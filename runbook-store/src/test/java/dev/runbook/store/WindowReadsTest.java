package dev.runbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.MetricPoint;
import dev.runbook.core.Status;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short reads a report and the status page make instead of reading a period's every result: the newest result
 * and the first/last value of a window, hourly means from rollups, and the interval estimate from the newest gaps.
 * Each answers what the full read answered.
 */
class WindowReadsTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Every minute for five hours, value = minute index; "spare" only on even minutes; the clock moves along. */
    private SqliteRunStore fiveHours(ManualClock clock) {
        SqliteRunStore store = SqliteRunStore.open(dir.resolve("w.db"), Duration.ofDays(400), clock);
        for (int i = 0; i < 300; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            clock.set(at);
            Map<String, Double> m = i % 2 == 0 ? Map.of("value", (double) i, "spare", i * 10.0) : Map.of("value", (double) i);
            store.record(Runs.run(at, List.of(Runs.result("c", at, i == 150 ? Status.CRITICAL : Status.OK, m))));
        }
        clock.set(T0.plus(Duration.ofMinutes(300)));
        return store;
    }

    @Test
    void newestResultAndEdgeValuesOfAWindowAreWhatTheFullReadsEndWith() {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (SqliteRunStore store = fiveHours(clock)) {
            SqliteHistory h = store.history();
            Instant from = T0.plus(Duration.ofMinutes(10));
            Instant to = T0.plus(Duration.ofMinutes(151));
            var all = h.results("c", from, to);
            assertThat(h.latest("c", from, to)).contains(all.get(all.size() - 1));
            assertThat(h.latest("c", from, to).orElseThrow().status()).isEqualTo(Status.CRITICAL);
            List<MetricPoint> spare = h.series("c", "spare", from, T0.plus(Duration.ofMinutes(150)));
            // minute 149 has no "spare": the newest value is minute 148's
            assertThat(h.lastValue("c", "spare", from, T0.plus(Duration.ofMinutes(150))))
                    .contains(spare.get(spare.size() - 1));
            assertThat(spare.get(spare.size() - 1).value()).isEqualTo(1480.0);
            assertThat(h.firstValue("c", "spare", T0.plus(Duration.ofMinutes(11)), to)).contains(
                    h.series("c", "spare", T0.plus(Duration.ofMinutes(11)), to).get(0));
            assertThat(h.lastValue("c", "missing", from, to)).isEmpty();
            assertThat(h.latest("nobody", from, to)).isEmpty();
            assertThat(h.latest("c", T0.minusSeconds(60), T0)).isEmpty();
        }
    }

    @Test
    void hourlyMeansFromRollupsEqualTheHourlyAggregatesAverages() {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (SqliteRunStore store = fiveHours(clock)) {
            SqliteHistory h = store.history();
            Instant from = T0.plus(Duration.ofMinutes(30));
            Instant to = T0.plus(Duration.ofMinutes(300));
            List<MetricPoint> means = h.hourlyMeans("c", "value", from, to);
            List<PeriodAggregate> hours = h.aggregates("c", "value", from, to, SqliteHistory.Period.HOUR,
                    ZoneOffset.UTC, DayOfWeek.MONDAY, false);
            assertThat(means).hasSize(5);
            for (int i = 0; i < 5; i++) {
                assertThat(means.get(i).at()).isEqualTo(hours.get(i).start());
                assertThat(means.get(i).value()).isCloseTo(hours.get(i).aggregate().avg(),
                        org.assertj.core.data.Offset.offset(1e-9));
            }
            // the first hour is clipped to the window: minutes 30..59
            assertThat(means.get(0).value()).isEqualTo(44.5);
            assertThat(means.get(4).value()).isEqualTo(269.5);
        }
    }

    @Test
    void theIntervalEstimateReadsOnlyTheNewestGaps() {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("i.db"), Duration.ofDays(400), clock)) {
            // 1 500 results 5 minutes apart, then 1 100 results 1 minute apart: the newest 1 000 gaps say 1 minute
            Instant at = T0;
            for (int i = 0; i < 2600; i++) {
                clock.set(at);
                store.record(Runs.single("c", at, Status.OK, i));
                at = at.plus(Duration.ofMinutes(i < 1500 ? 5 : 1));
            }
            SqliteHistory h = store.history();
            assertThat(h.typicalInterval("c", T0, at)).contains(Duration.ofMinutes(1));
            // a window of the first results alone still says 5 minutes
            assertThat(h.typicalInterval("c", T0, T0.plus(Duration.ofDays(2)))).contains(Duration.ofMinutes(5));
        }
    }
}

package dev.runbook.store.history;

import dev.runbook.core.history.Availability;
import dev.runbook.core.history.Outage;
import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    @TempDir
    Path dir;

    /** Writes {@code minutes} 1-minute results of "api" with a latency metric, moving the clock along. */
    private double[] writeMinutes(SqliteRunStore store, ManualClock clock, Instant start, int minutes, Random r) {
        double[] values = new double[minutes];
        List<CheckRun> batch = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            Instant t = start.plus(Duration.ofMinutes(i));
            values[i] = Math.exp(r.nextGaussian()) / 10;
            batch.add(Runs.result("api", t, Status.OK, Map.of("latency", values[i], "count", (double) i)));
            if (batch.size() == 60 || i == minutes - 1) {
                clock.set(t.plusSeconds(30));
                store.record(Runs.run(batch.get(0).at(), batch));
                batch = new ArrayList<>();
            }
        }
        return values;
    }

    @Test
    void foldsOldDetailIntoHourlyRollupsAndKeepsPercentilesWithinTheBound() {
        ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        Random r = new Random(1);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), Duration.ofDays(1), clock)) {
            double[] values = writeMinutes(store, clock, T0, 3 * 24 * 60, r);
            clock.set(T0.plus(Duration.ofDays(3)).plusSeconds(1));
            store.maintain();
            Instant end = T0.plus(Duration.ofDays(3));
            // detail older than a day is gone
            assertThat(store.history().results("api", T0, end.minus(Duration.ofDays(1)).minusSeconds(1))).isEmpty();
            assertThat(store.history().results("api", end.minus(Duration.ofDays(1)), end)).hasSize(24 * 60);

            Aggregate all = store.history().aggregate("api", "latency", T0, end);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(all.count()).isEqualTo(values.length);
            assertThat(all.approximate()).isTrue();
            assertThat(all.sum()).isCloseTo(Arrays.stream(values).sum(), within(1e-6));
            assertThat(all.min()).isEqualTo(sorted[0]);
            assertThat(all.max()).isEqualTo(sorted[sorted.length - 1]);
            double p95 = Aggregate.percentile(sorted, sorted.length, 95);
            assertThat(all.p95()).isCloseTo(p95, within(p95 * LogHistogram.RELATIVE_ERROR));

            // within the retention the answer is exact
            Instant dayStart = end.minus(Duration.ofDays(1));
            Aggregate lastDay = store.history().aggregate("api", "latency", dayStart, end);
            double[] last = Arrays.copyOfRange(values, 2 * 24 * 60, 3 * 24 * 60);
            Arrays.sort(last);
            assertThat(lastDay.approximate()).isFalse();
            assertThat(lastDay.p95()).isEqualTo(Aggregate.percentile(last, last.length, 95));

            // preferring rollups gives the approximate answer from histograms even where detail exists
            Aggregate fast = store.history().aggregate("api", "latency", dayStart, end, true);
            assertThat(fast.approximate()).isTrue();
            assertThat(fast.count()).isEqualTo(lastDay.count());
            assertThat(fast.p95()).isCloseTo(lastDay.p95(), within(lastDay.p95() * LogHistogram.RELATIVE_ERROR));

            List<PeriodAggregate> days = store.history().aggregates("api", "latency", T0, end,
                    SqliteHistory.Period.DAY, ZoneId.of("UTC"), DayOfWeek.MONDAY, false);
            assertThat(days).hasSize(3).allSatisfy(d -> assertThat(d.aggregate().count()).isEqualTo(24 * 60));
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void aLateResultForAnHourAlreadyRolledUpIsAddedToItsRollup() {
        ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), Duration.ofDays(1), clock)) {
            store.record(Runs.single("api", T0.plusSeconds(10), Status.OK, 1));
            clock.set(T0.plus(Duration.ofHours(2)));
            store.record(Runs.single("api", T0.plus(Duration.ofHours(2)), Status.OK, 3));
            // a launcher that started in hour 0 records after the daemon folded it
            store.record(Runs.single("api", T0.plusSeconds(20), Status.OK, 2));
            Aggregate hour0 = store.history().aggregate("api", "value", T0, T0.plus(Duration.ofHours(1)), true);
            assertThat(hour0.count()).isEqualTo(2);
            assertThat(hour0.sum()).isEqualTo(3);
        }
    }

    @Test
    void aggregatesPerCalendarDayFollowTheZone() {
        ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock)) {
            writeMinutes(store, clock, T0, 48 * 60, new Random(3));
            List<PeriodAggregate> days = store.history().aggregates("api", "count", T0, T0.plus(Duration.ofDays(2)),
                    SqliteHistory.Period.DAY, ZoneId.of("Asia/Tokyo"), DayOfWeek.MONDAY, false);
            // Tokyo days start at 15:00 UTC: 15 h, 24 h, 9 h
            assertThat(days).extracting(d -> d.aggregate().count()).containsExactly(15L * 60, 24L * 60, 9L * 60);
            assertThat(days.get(0).aggregate().max()).isEqualTo(15 * 60 - 1);
        }
    }

    @Test
    void availabilityOfPeriodsOlderThanTheRetentionComesFromHourlySummaries() {
        ManualClock clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), Duration.ofDays(1), clock)) {
            for (int i = 0; i < 3 * 24 * 12; i++) {
                Instant t = T0.plus(Duration.ofMinutes(5L * i));
                // down from 10:00 to 10:30 on the first day (6 results)
                Status s = i >= 120 && i < 126 ? Status.CRITICAL : Status.OK;
                clock.set(t);
                store.record(Runs.run(t, List.of(Runs.result("health", t, s, Map.of()))));
            }
            Instant end = T0.plus(Duration.ofDays(3));
            clock.set(end.plusSeconds(1));
            store.maintain();
            assertThat(store.history().results("health", T0, T0.plus(Duration.ofDays(1)))).isEmpty();
            Availability a = store.history().availability("health", T0, end, Duration.ofMinutes(5));
            assertThat(a.down()).isEqualTo(Duration.ofMinutes(30));
            assertThat(a.up()).isEqualTo(Duration.ofDays(3).minusMinutes(30));
            assertThat(a.noData()).isZero();
        }
    }
}

package dev.runbook.store.history.checks;

import dev.runbook.checks.history.ForecastCheckType;
import dev.runbook.checks.history.GrowthCheckType;
import dev.runbook.checks.history.SloCheckType;
import dev.runbook.core.ManualClock;
import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.Check;
import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.quantity.Quantity;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.store.Runs;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryChecksTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    @TempDir
    Path dir;
    ManualClock clock;
    SqliteRunStore store;

    @BeforeEach
    void open() {
        clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Disk usage sampled hourly for {@code days}, rising by {@code perDay} points from {@code start}. */
    private void diskHistory(int days, double start, double perDay) {
        List<CheckRun> batch = new ArrayList<>();
        for (int h = 0; h <= days * 24; h++) {
            Instant t = T0.plus(Duration.ofHours(h));
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            m.put("used", start + perDay * h / 24.0);
            m.put("free_bytes", 1e9);
            batch.add(Runs.result("disk", t, Status.OK, m));
            if (batch.size() == 24) {
                clock.set(t);
                store.record(Runs.run(batch.get(0).at(), batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            clock.set(batch.get(batch.size() - 1).at());
            store.record(Runs.run(batch.get(0).at(), batch));
        }
    }

    private CheckResult run(Check check) throws Exception {
        return check.run(new TestCheckContext().clock(clock).history(store.history()).timeout(Duration.ofSeconds(30)));
    }

    private static TypeContext ctx() {
        return TypeContext.defaults("under-test");
    }

    @Test
    void typesAreFoundThroughServiceLoader() {
        TypeRegistry registry = TypeRegistry.load();
        assertThat(registry.checkType("forecast")).containsInstanceOf(ForecastCheckType.class);
        assertThat(registry.checkType("growth")).containsInstanceOf(GrowthCheckType.class);
        assertThat(registry.checkType("slo")).containsInstanceOf(SloCheckType.class);
    }

    @Test
    void forecastGivesTimeToReachFromTheLeastSquaresTrend() throws Exception {
        diskHistory(30, 60, 0.5);
        var p = new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30));
        assertThat(new ForecastCheckType().references(p)).containsExactly("disk.used");
        CheckResult r = run(new ForecastCheckType().create(p, ctx()));
        // now at 75%, +0.5/day: 30 days to 90%
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("time_to_reach")).isCloseTo(30 * 86400.0, within(60.0));
        assertThat(r.message()).contains("disk.used reaches 90% in 30d");
    }

    @Test
    void forecastOfAFallingMetricIsOkWithoutTimeToReach() throws Exception {
        diskHistory(10, 80, -1);
        CheckResult r = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), null), ctx()));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics()).doesNotContainKey("time_to_reach");
        assertThat(r.value()).isNull();
        assertThat(r.message()).contains("never reaches 90%");
    }

    @Test
    void forecastAlreadyAboveTheLevelIsZero() throws Exception {
        // 10 days: the 7d 12h a 30d window needs since contract 1.1 (5 days were enough before)
        diskHistory(10, 91, 0.1);
        CheckResult r = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30)), ctx()));
        assertThat(r.metrics().get("time_to_reach")).isZero();
    }

    @Test
    void forecastWithTooLittleHistoryIsUnknown() throws Exception {
        store.record(Runs.run(T0, List.of(Runs.result("disk", T0, Status.OK, Map.of("used", 50.0)))));
        CheckResult r = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30)), ctx()));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("not enough history").contains("1 point(s)");
    }

    @Test
    void forecastFromMinutesOfHistoryIsNotEnoughHistoryInsteadOfAnExtrapolation() throws Exception {
        // issue 14: "90% full in 10 days" after minutes of history; contract §4 [1.1]
        for (int i = 0; i <= 8; i++) {
            Instant t = T0.plus(Duration.ofMinutes(5L * i));
            clock.set(t);
            store.record(Runs.run(t, List.of(Runs.result("disk", t, Status.OK, Map.of("used", 50.0 + i)))));
        }
        CheckResult r = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30)), ctx()));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("not enough history: 40m of the 7d 12h needed");
        assertThat(r.metrics()).doesNotContainKey("time_to_reach");
        CheckResult growth = run(new GrowthCheckType().create(
                new GrowthCheckType.Params("disk.used", Duration.ofDays(30), null), ctx()));
        assertThat(growth.status()).isEqualTo(Status.UNKNOWN);
        assertThat(growth.message()).startsWith("not enough history: 40m of the 7d 12h needed");
        CheckResult shortSpan = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30), Duration.ofMinutes(30)),
                ctx()));
        assertThat(shortSpan.status()).as("min_span given: 40m suffices").isNotEqualTo(Status.UNKNOWN);
        assertThat(shortSpan.metrics()).containsKey("time_to_reach");
    }

    @Test
    void forecastOfAMetricFallingTowardItsLevel() throws Exception {
        // contract §4 [1.1]: reach: 10% on a free figure; here used falls from 60 by 1 point a day, now 50
        diskHistory(10, 60, -1);
        CheckResult r = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("40%"), Duration.ofDays(30)), ctx()));
        assertThat(r.metrics().get("time_to_reach")).isCloseTo(10 * 86400.0, within(60.0));
        assertThat(r.message()).contains("disk.used reaches 40% in 10d");
        CheckResult rising = run(new ForecastCheckType().create(
                new ForecastCheckType.Params("disk.used", Quantity.parse("90%"), Duration.ofDays(30)), ctx()));
        assertThat(rising.metrics()).doesNotContainKey("time_to_reach");
    }

    @Test
    void minSpanLongerThanTheWindowIsRefused() {
        assertThatThrownBy(() -> new ForecastCheckType().create(new ForecastCheckType.Params("disk.used",
                Quantity.parse("90%"), Duration.ofDays(7), Duration.ofDays(8)), ctx()))
                .hasMessageStartingWith("min_span:");
    }

    @Test
    void forecastRefusesAReferenceWithoutAMetric() {
        assertThatThrownBy(() -> new ForecastCheckType().create(
                new ForecastCheckType.Params("disk", Quantity.parse("90%"), null), ctx()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from: expected a metric reference");
    }

    @Test
    void growthOfAPercentMetricDefaultsToPoints() throws Exception {
        diskHistory(30, 60, 0.5);
        CheckResult r = run(new GrowthCheckType().create(
                new GrowthCheckType.Params("disk.used", Duration.ofDays(10), null), ctx()));
        assertThat(r.metrics().get("change")).isCloseTo(5.0, within(1e-9));
        assertThat(r.message()).contains("points");
    }

    @Test
    void growthOfOtherMetricsDefaultsToRelative() throws Exception {
        for (int d = 0; d <= 30; d++) {
            Instant t = T0.plus(Duration.ofDays(d));
            clock.set(t);
            store.record(Runs.run(t, List.of(Runs.result("db-size", t, Status.OK,
                    Map.of("size_bytes", 1e9 + d * 1e7)))));
        }
        // Runs.result reports the first metric's value with unit %; the size is not "%"-primary here because
        // its unit says so: use an explicit mode too
        CheckResult relative = run(new GrowthCheckType().create(
                new GrowthCheckType.Params("db-size.size_bytes", Duration.ofDays(30), "relative"), ctx()));
        assertThat(relative.metrics().get("change")).isCloseTo(30.0, within(1e-9));
        CheckResult tooShort = run(new GrowthCheckType().create(
                new GrowthCheckType.Params("db-size.size_bytes", Duration.ofHours(1), "relative"), ctx()));
        assertThat(tooShort.status()).isEqualTo(Status.UNKNOWN);
        assertThatThrownBy(() -> new GrowthCheckType().create(
                new GrowthCheckType.Params("db-size.size_bytes", null, "linear"), ctx()))
                .hasMessageContaining("mode: expected relative or points");
    }

    /** health every 5 minutes for 30 days; CRITICAL for {@code downMinutes} in total at the end of day 10. */
    private void healthHistory(int downMinutes, int recentDownMinutes) {
        List<CheckRun> batch = new ArrayList<>();
        int total = 30 * 24 * 12;
        for (int i = 0; i < total; i++) {
            Instant t = T0.plus(Duration.ofMinutes(5L * i));
            int minuteOfDay10 = i * 5 - 10 * 24 * 60;
            boolean down = minuteOfDay10 >= 0 && minuteOfDay10 < downMinutes
                    || i * 5 >= total * 5 - recentDownMinutes;
            batch.add(Runs.result("health", t, down ? Status.CRITICAL : Status.OK, Map.of("latency", 0.01)));
            if (batch.size() == 288 || i == total - 1) {
                clock.set(t);
                store.record(Runs.run(batch.get(0).at(), batch));
                batch = new ArrayList<>();
            }
        }
    }

    @Test
    void availabilitySloReportsBudgetLeftAndBurnRates() throws Exception {
        // 99% over 30d allows 432 minutes down; 38 results × 5 min + 25 down (the last covers only up to now)
        healthHistory(186, 30);
        SloDefinition def = new SloDefinition("availability", "health", 99.0, null, null, Duration.ofDays(30));
        SloCheckType.Params p = SloCheckType.Params.of(def);
        CheckResult r = run(new SloCheckType().create(p, ctx()));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("availability")).isCloseTo(100 - 100.0 * 215 / (30 * 24 * 60), within(0.001));
        assertThat(r.metrics().get("budget_left")).isCloseTo(100 * (1 - 215 / 432.0), within(0.1));
        // the last 25 minutes were down: 25 of 60 → burn rate 41.7 against a 1% budget
        assertThat(r.metrics().get("burn_rate")).isCloseTo(100 * 25 / 60.0, within(0.5));
        assertThat(r.metrics().get("burn_rate_long")).isCloseTo(100 * 25 / 360.0, within(0.2));
        assertThat(r.message()).contains("SLO availability").contains("error budget left");
    }

    @Test
    void availabilitySloWithItsBudgetSpentIsCritical() throws Exception {
        healthHistory(600, 0);
        CheckResult r = run(new SloCheckType().create(new SloCheckType.Params("availability", "health",
                Quantity.parse("99%"), null, Duration.ofDays(30), Duration.ofMinutes(5), null, null), ctx()));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.metrics().get("budget_left")).isNegative();
    }

    @Test
    void metricSloWithoutObjectiveComparesTheMeanWithMax() throws Exception {
        for (int h = 0; h < 48; h++) {
            Instant t = T0.plus(Duration.ofHours(h));
            clock.set(t);
            store.record(Runs.run(t, List.of(Runs.result("access", t, Status.OK,
                    Map.of("error_rate", h < 24 ? 0.2 : 0.6)))));
        }
        // 48 hours of values: a 7-day window has its quarter monitored (§8 [1.1]; 30 days would be "not enough history")
        SloDefinition def = new SloDefinition("error-rate", "access.error_rate", null, 1.0, "1%", Duration.ofDays(7));
        CheckResult r = run(new SloCheckType().create(SloCheckType.Params.of(def), ctx()));
        assertThat(r.metrics().get("budget_left")).isCloseTo(60.0, within(1e-9));
        assertThat(r.metrics().get("availability")).isEqualTo(100.0);
        assertThat(r.metrics().get("burn_rate")).isCloseTo(0.6, within(1e-9));
        assertThat(new SloCheckType().references(SloCheckType.Params.of(def))).containsExactly("access.error_rate");
    }

    @Test
    void sloWithoutHistoryIsUnknownAndWithoutObjectiveIsRefused() throws Exception {
        CheckResult r = run(new SloCheckType().create(SloCheckType.Params.of(
                new SloDefinition("availability", "health", 99.0, null, null, null)), ctx()));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThatThrownBy(() -> new SloCheckType().create(SloCheckType.Params.of(
                new SloDefinition("availability", "health", null, null, null, null)), ctx()))
                .hasMessageContaining("objective: an availability SLO");
    }
}

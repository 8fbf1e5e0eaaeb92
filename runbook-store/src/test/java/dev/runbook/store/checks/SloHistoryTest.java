package dev.runbook.store.history.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.checks.history.SloCheckType;
import dev.runbook.core.CheckResult;
import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.model.SloDefinition;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.testing.TestCheckContext;
import dev.runbook.store.Runs;
import dev.runbook.store.SqliteRunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runbook-format §8 [1.1]: an {@code slo} check is UNKNOWN "not enough history" while less than a quarter of its
 * window is monitored, and its availability is {@code 1 − downtime ÷ monitored time} once it is.
 */
class SloHistoryTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    static final SloDefinition AVAILABILITY =
            new SloDefinition("availability", "health", 99.0, null, null, Duration.ofDays(30));

    @TempDir
    Path dir;
    ManualClock clock;
    SqliteRunStore store;

    @BeforeEach
    void open() {
        clock = new ManualClock(T0, ZoneOffset.UTC);
        store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** health every {@code every} for {@code count} results from T0, CRITICAL for those in [downFrom, downTo). */
    private void health(Duration every, int count, int downFrom, int downTo) {
        List<CheckRun> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant t = T0.plus(every.multipliedBy(i));
            Status s = i >= downFrom && i < downTo ? Status.CRITICAL : Status.OK;
            batch.add(Runs.result("health", t, s, Map.of("latency", 0.01)));
            if (batch.size() == 500 || i == count - 1) {
                clock.set(t);
                store.record(Runs.run(batch.get(0).at(), batch));
                batch = new ArrayList<>();
            }
        }
    }

    private CheckResult slo(SloDefinition def) throws Exception {
        return new SloCheckType().create(SloCheckType.Params.of(def), TypeContext.defaults("under-test"))
                .run(new TestCheckContext().clock(clock).history(store.history()).timeout(Duration.ofSeconds(30)));
    }

    @Test
    void aShortOutageOnDayOneIsNotEnoughHistoryNotANegativeBudget() throws Exception {
        // every 30 s for 20 minutes, CRITICAL for 90 s: before 1.1 this read "-3580% of the error budget left"
        health(Duration.ofSeconds(30), 40, 10, 13);
        CheckResult r = slo(AVAILABILITY);
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("not enough history", "health monitored", "30d");
        assertThat(r.metrics()).doesNotContainKey("budget_left");
    }

    @Test
    void aQuarterOfTheWindowMonitoredGivesTheBudgetOfTheMonitoredTime() throws Exception {
        // every 5 minutes for 8 days (more than 7.5 d, a quarter of 30 d), 90 minutes down
        int count = 8 * 24 * 12;
        health(Duration.ofMinutes(5), count, 1000, 1018);
        CheckResult r = slo(AVAILABILITY);
        assertThat(r.status()).isEqualTo(Status.OK);
        // the last result covers only up to now: monitored = (count - 1) × 5 minutes
        double monitored = (count - 1) * 5.0;
        assertThat(r.metrics().get("availability")).isCloseTo(100 * (1 - 90 / monitored), within(1e-6));
        assertThat(r.metrics().get("budget_left")).isCloseTo(100 * (1 - 90 / (monitored * 0.01)), within(1e-6));
    }

    @Test
    void aMetricSloOverAFewHoursIsNotEnoughHistory() throws Exception {
        for (int m = 0; m < 90; m += 5) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            clock.set(t);
            store.record(Runs.run(t, List.of(Runs.result("access", t, Status.OK, Map.of("error_rate", 3.0)))));
        }
        CheckResult r = slo(new SloDefinition("error-rate", "access.error_rate", null, 1.0, "1%",
                Duration.ofDays(30)));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("not enough history", "access.error_rate");
    }
}

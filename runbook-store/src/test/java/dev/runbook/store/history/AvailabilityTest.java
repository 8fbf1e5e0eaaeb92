package dev.runbook.store.history;

import dev.runbook.core.history.Availability;
import dev.runbook.core.history.Outage;
import dev.runbook.core.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailabilityTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration TEN_MIN = Duration.ofMinutes(10);
    @TempDir
    Path dir;
    SqliteRunStore store;
    ManualClock clock;

    @BeforeEach
    void open() {
        clock = new ManualClock(T0, java.time.ZoneOffset.UTC);
        store = SqliteRunStore.open(dir.resolve("s.db"), null, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void at(int minute, Status s) {
        at(minute, s, false);
    }

    private void at(int minute, Status s, boolean maintenance) {
        Instant t = T0.plus(Duration.ofMinutes(minute));
        store.record(Runs.run(t, List.of(Runs.result("health", t, s, Map.of(), maintenance, List.of()))));
    }

    private Availability availability(int fromMinute, int toMinute) {
        return store.history().availability("health", T0.plus(Duration.ofMinutes(fromMinute)),
                T0.plus(Duration.ofMinutes(toMinute)), TEN_MIN);
    }

    @Test
    void criticalMeansDownUntilTheNextResult() {
        at(0, Status.OK);
        at(10, Status.CRITICAL);
        at(20, Status.OK);
        Availability a = availability(0, 30);
        assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.down()).isEqualTo(Duration.ofMinutes(10));
        assertThat(a.noData()).isZero();
        assertThat(a.percent()).isCloseTo(66.667, org.assertj.core.data.Offset.offset(0.001));
        assertThat(a.outages()).containsExactly(new Outage(T0.plus(TEN_MIN), T0.plus(Duration.ofMinutes(20))));
    }

    @Test
    void aResultCoversAtMostTwiceTheIntervalAndTheRestIsNoDataExcluded() {
        at(0, Status.OK);
        at(60, Status.CRITICAL);
        Availability a = availability(0, 120);
        assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.down()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.noData()).isEqualTo(Duration.ofMinutes(80));
        assertThat(a.percent()).isEqualTo(50.0);
    }

    @Test
    void maintenanceResultsAreExcluded() {
        at(0, Status.OK);
        at(10, Status.CRITICAL, true);
        at(20, Status.CRITICAL);
        at(30, Status.OK);
        Availability a = availability(0, 40);
        assertThat(a.maintenance()).isEqualTo(TEN_MIN);
        assertThat(a.down()).isEqualTo(TEN_MIN);
        assertThat(a.up()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.percent()).isCloseTo(66.667, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aResultBeforeTheWindowCoversItsStart() {
        at(0, Status.CRITICAL);
        at(15, Status.OK);
        Availability a = availability(5, 25);
        assertThat(a.down()).isEqualTo(TEN_MIN);
        assertThat(a.up()).isEqualTo(TEN_MIN);
        assertThat(a.outages()).singleElement().satisfies(o -> assertThat(o.start()).isEqualTo(T0.plus(Duration.ofMinutes(5))));
    }

    @Test
    void warningAndUnknownCountAsUpConsecutiveCriticalsMakeOneOutage() {
        at(0, Status.WARNING);
        at(10, Status.UNKNOWN);
        at(20, Status.CRITICAL);
        at(30, Status.CRITICAL);
        at(40, Status.OK);
        Availability a = availability(0, 50);
        assertThat(a.up()).isEqualTo(Duration.ofMinutes(30));
        assertThat(a.down()).isEqualTo(Duration.ofMinutes(20));
        assertThat(a.outages()).hasSize(1);
        assertThat(store.history().transitions("health", T0, T0.plus(Duration.ofMinutes(50))))
                .extracting(StatusChange::to)
                .containsExactly(Status.WARNING, Status.UNKNOWN, Status.CRITICAL, Status.OK);
        assertThat(store.history().typicalInterval("health", T0, T0.plus(Duration.ofHours(1)))).contains(TEN_MIN);
    }

    @Test
    void noResultsMeansNoDataAndNoPercentage() {
        Availability a = availability(0, 60);
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.percent()).isNaN();
        assertThat(a.noData()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theStoresAvailabilityFromDetailAndHourlySummariesMatchesTheDefinitionOnARandomHistory() {
        java.util.Random r = new java.util.Random(11);
        int minute = 0;
        for (int i = 0; i < 400; i++) {
            minute += 1 + (r.nextInt(10) == 0 ? 25 : r.nextInt(12));
            Status s = r.nextInt(5) == 0 ? Status.CRITICAL : r.nextInt(7) == 0 ? Status.UNKNOWN : Status.OK;
            at(minute, s, r.nextInt(15) == 0);
        }
        int end = minute;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                // fold the hours into status summaries: the answers must not change
                clock.set(T0.plus(Duration.ofMinutes(end + 120)));
                store.maintain();
            }
            for (int[] w : new int[][] {{0, end + 30}, {100, 900}, {333, 334}, {-50, 20}, {60, 60 * 30}, {61, end}}) {
            Instant f = T0.plus(Duration.ofMinutes(w[0]));
            Instant t = T0.plus(Duration.ofMinutes(w[1]));
            Availability sql = store.history().availability("health", f, t, TEN_MIN);
            Availability java = Availability.of("health", store.history().results("health", f.minus(TEN_MIN.multipliedBy(2)), t),
                    f, t, TEN_MIN);
            assertThat(sql).as("pass %s, window %s..%s", pass, w[0], w[1]).isEqualTo(java);
            }
        }
    }
}

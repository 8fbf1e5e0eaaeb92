package dev.runbook.store.history;

import dev.runbook.core.history.Availability;
import dev.runbook.core.history.Outage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.ManualClock;
import dev.runbook.core.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results that arrive after their hour was folded (another check's later results moved the watermark on). */
class LateResultsTest {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aCheckRecordedAfterItsHoursWereFoldedStillCountsAsUp() {
        ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
        try (SqliteRunStore store = SqliteRunStore.open(dir.resolve("s.db"), null, clock)) {
            // check a, every 5 minutes for 6 hours, recorded as it happens: hours fold as the clock passes them
            for (int m = 0; m < 6 * 60; m += 5) {
                clock.set(T0.plus(Duration.ofMinutes(m)));
                store.record(Runs.single("a", clock.instant(), Status.OK, 1));
            }
            clock.set(T0.plus(Duration.ofHours(6)));
            store.maintain();
            // check b's results for the same 6 hours arrive only now (a late batch, e.g. imported or replayed)
            for (int m = 0; m < 6 * 60; m += 5) {
                store.record(Runs.single("b", T0.plus(Duration.ofMinutes(m)), Status.OK, 1));
            }
            Availability a = store.history().availability("a", T0, T0.plus(Duration.ofHours(6)), Duration.ofMinutes(5));
            Availability b = store.history().availability("b", T0, T0.plus(Duration.ofHours(6)), Duration.ofMinutes(5));
            assertThat(a.up()).isEqualTo(Duration.ofHours(6));
            assertThat(b.up()).as("b's late results count like a's").isEqualTo(a.up());
            assertThat(b.noData()).isEqualTo(a.noData());
        }
    }
}

package dev.runbook.checks.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The calendar windows {@code week} and {@code month} (running totals of the period, as {@code today} is of the
 * day) and Apache error_log timestamps, which the seed's weekly and monthly report figures rely on (issue 14).
 */
class CalendarWindowTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void weekStartsOnMondayAndMonthOnTheFirstInTheRunbooksZone() {
        Instant now = ZonedDateTime.of(2026, 10, 18, 17, 30, 0, 0, TOKYO).toInstant();   // a Sunday
        assertThat(LogWindow.parse("week").start(now, TOKYO))
                .isEqualTo(ZonedDateTime.of(2026, 10, 12, 0, 0, 0, 0, TOKYO).toInstant());
        assertThat(LogWindow.parse("month").start(now, TOKYO))
                .isEqualTo(ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, TOKYO).toInstant());
        Instant monday = ZonedDateTime.of(2026, 10, 12, 0, 0, 0, 0, TOKYO).toInstant();
        assertThat(LogWindow.parse("week").start(monday, TOKYO)).isEqualTo(monday);
        assertThat(LogWindow.parse("week").end(now, TOKYO)).isAfter(now);
    }

    @Test
    void aJournalCannotAskForAWeekByName() {
        assertThatThrownBy(() -> new JournalCheckType().create(new JournalCheckType.Params("estimator", null, "week",
                null, null, null, null), null)).hasMessageContaining("since:").hasMessageContaining("'week'");
    }

    @Test
    void readsApacheErrorLogTimestampsInTheRunbooksZone() {
        LogTimestamp t = LogTimestamp.parse("apache-error");
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(t.find("[Mon Oct 12 09:14:02.123456 2026] [auth_basic:error] [pid 4242] AH01617: user bob: "
                + "authentication failure", TOKYO, now))
                .isEqualTo(ZonedDateTime.of(2026, 10, 12, 9, 14, 2, 0, TOKYO).toInstant());
        assertThat(t.find("[Fri Oct  2 07:00:00 2026] [core:notice] x", TOKYO, now))
                .isEqualTo(ZonedDateTime.of(2026, 10, 2, 7, 0, 0, 0, TOKYO).toInstant());
        assertThat(t.find("no stamp here", TOKYO, now)).isNull();
        assertThat(t.find("[12/Oct/2026:09:14:02 +0900] an access log stamp", TOKYO, now)).isNull();
    }
}

package dev.runbook.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Calendar-aligned periods in the runbook's zone (runbook-format §8). */
class ReportPeriodTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void dayCurrentIsTheWholeDayInTokyo() {
        ReportPeriod p = ReportPeriod.of("day", "current", null, LocalDate.of(2025, 10, 21), TOKYO);
        assertThat(p.start()).isEqualTo(LocalDate.of(2025, 10, 21));
        assertThat(p.from()).isEqualTo(Instant.parse("2025-10-20T15:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2025-10-21T15:00:00Z"));
        assertThat(p.label()).isEqualTo("2025-10-21");
    }

    @Test
    void dayDefaultsToCurrentAndPreviousIsYesterday() {
        assertThat(ReportPeriod.of("day", null, null, LocalDate.of(2025, 10, 21), TOKYO).start())
                .isEqualTo(LocalDate.of(2025, 10, 21));
        assertThat(ReportPeriod.of("day", "previous", null, LocalDate.of(2025, 11, 1), TOKYO).label())
                .isEqualTo("2025-10-31");
    }

    @Test
    void weekPreviousWithMondayStartIsTheLastWholeWeek() {
        // 2025-10-28 is a Tuesday: the previous Monday-started week is 10-20 … 10-26
        ReportPeriod p = ReportPeriod.of("week", "previous", "monday", LocalDate.of(2025, 10, 28), TOKYO);
        assertThat(p.start()).isEqualTo(LocalDate.of(2025, 10, 20));
        assertThat(p.last()).isEqualTo(LocalDate.of(2025, 10, 26));
        assertThat(p.from()).isEqualTo(Instant.parse("2025-10-19T15:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2025-10-26T15:00:00Z"));
        assertThat(p.label()).isEqualTo("2025-10-20 ~ 2025-10-26");
    }

    @Test
    void weekDefaultsToPreviousAndOnItsFirstDayCoversTheWeekBefore() {
        ReportPeriod p = ReportPeriod.of("week", null, "monday", LocalDate.of(2025, 10, 27), TOKYO);
        assertThat(p.label()).isEqualTo("2025-10-20 ~ 2025-10-26");
    }

    @Test
    void weekStartSundayAndCurrentWeek() {
        ReportPeriod p = ReportPeriod.of("week", "current", "sunday", LocalDate.of(2025, 10, 22), TOKYO);
        assertThat(p.label()).isEqualTo("2025-10-19 ~ 2025-10-25");
    }

    @Test
    void monthPreviousAcrossAYearEnd() {
        ReportPeriod p = ReportPeriod.of("month", "previous", null, LocalDate.of(2026, 1, 1), TOKYO);
        assertThat(p.start()).isEqualTo(LocalDate.of(2025, 12, 1));
        assertThat(p.end()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(p.from()).isEqualTo(Instant.parse("2025-11-30T15:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2025-12-31T15:00:00Z"));
        assertThat(p.label()).isEqualTo("December 2025");
    }

    @Test
    void monthDefaultsToPreviousAndAcrossAMonthEndTakesTheWholeMonth() {
        ReportPeriod p = ReportPeriod.of("month", null, null, LocalDate.of(2025, 11, 1), TOKYO);
        assertThat(p.label()).isEqualTo("October 2025");
        assertThat(p.last()).isEqualTo(LocalDate.of(2025, 10, 31));
        ReportPeriod cur = ReportPeriod.of("month", "current", null, LocalDate.of(2024, 2, 29), TOKYO);
        assertThat(cur.last()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void aWeekAcrossAMonthEndInAnotherZoneStartsAtLocalMidnight() {
        ZoneId ny = ZoneId.of("America/New_York");
        ReportPeriod p = ReportPeriod.of("week", "current", "monday", LocalDate.of(2025, 11, 1), ny);
        assertThat(p.label()).isEqualTo("2025-10-27 ~ 2025-11-02");
        assertThat(p.from()).isEqualTo(Instant.parse("2025-10-27T04:00:00Z"));
        // the week contains the end of daylight saving time: 7 days and one hour
        assertThat(p.to()).isEqualTo(Instant.parse("2025-11-03T05:00:00Z"));
    }

    @Test
    void anUnknownPeriodIsRefused() {
        assertThatThrownBy(() -> ReportPeriod.of("year", null, null, LocalDate.of(2025, 1, 1), TOKYO))
                .hasMessageContaining("expected day, week or month");
    }
}

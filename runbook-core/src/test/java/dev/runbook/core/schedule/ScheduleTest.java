package dev.runbook.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {
    static final ZoneId NY = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static ZonedDateTime at(String iso, ZoneId zone) {
        return ZonedDateTime.parse(iso).withZoneSameInstant(zone);
    }

    private static ZonedDateTime next(String schedule, String after, ZoneId zone) {
        return Schedule.parse(schedule).next(at(after, zone), zone).orElseThrow();
    }

    @Test
    void dailyFiresAtTheTimeInTheZone() {
        assertThat(next("daily 09:00", "2026-11-28T08:59:59+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-11-28T09:00+09:00[Asia/Tokyo]", TOKYO));
        assertThat(next("daily 09:00", "2026-11-28T09:00+09:00[Asia/Tokyo]", TOKYO))
                .as("strictly after").isEqualTo(at("2026-11-29T09:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void weekdaysSkipTheWeekend() {
        // 2026-11-27 is a Friday
        assertThat(next("weekdays 09:00", "2026-11-27T10:00+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-11-30T09:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void aDayNameFiresWeekly() {
        List<ZonedDateTime> three = Schedule.parse("monday 10:00").next(at("2026-11-28T12:00+09:00[Asia/Tokyo]", TOKYO), TOKYO, 3);
        assertThat(three).containsExactly(at("2026-11-30T10:00+09:00[Asia/Tokyo]", TOKYO),
                at("2026-12-07T10:00+09:00[Asia/Tokyo]", TOKYO), at("2026-12-14T10:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void monthly31FiresOnTheLastDayOfShorterMonths() {
        List<ZonedDateTime> n = Schedule.parse("monthly 31 10:00").next(at("2026-01-31T11:00+09:00[Asia/Tokyo]", TOKYO), TOKYO, 4);
        assertThat(n).containsExactly(at("2026-02-28T10:00+09:00[Asia/Tokyo]", TOKYO),
                at("2026-03-31T10:00+09:00[Asia/Tokyo]", TOKYO), at("2026-04-30T10:00+09:00[Asia/Tokyo]", TOKYO),
                at("2026-05-31T10:00+09:00[Asia/Tokyo]", TOKYO));
        assertThat(next("monthly 29 10:00", "2028-02-01T00:00+09:00[Asia/Tokyo]", TOKYO))
                .as("leap year").isEqualTo(at("2028-02-29T10:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void monthlyFirstOfMonth() {
        assertThat(next("monthly 1 10:00", "2026-11-28T12:00+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-12-01T10:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void aTimeInTheSpringForwardGapFiresAtTheFirstInstantAfterIt() {
        // New York, 2026-03-08: 02:00 jumps to 03:00
        assertThat(next("daily 02:30", "2026-03-07T12:00-05:00[America/New_York]", NY))
                .isEqualTo(at("2026-03-08T03:00-04:00[America/New_York]", NY));
        assertThat(next("daily 02:30", "2026-03-08T03:00-04:00[America/New_York]", NY))
                .isEqualTo(at("2026-03-09T02:30-04:00[America/New_York]", NY));
    }

    @Test
    void aTimeInTheFallBackOverlapFiresOnce() {
        // New York, 2026-11-01: 02:00 falls back to 01:00, so 01:30 happens twice
        ZonedDateTime first = next("daily 01:30", "2026-10-31T12:00-04:00[America/New_York]", NY);
        assertThat(first).isEqualTo(at("2026-11-01T01:30-04:00[America/New_York]", NY));
        ZonedDateTime second = Schedule.parse("daily 01:30").next(first, NY).orElseThrow();
        assertThat(second).isEqualTo(at("2026-11-02T01:30-05:00[America/New_York]", NY));
    }

    @Test
    void aCronTimeInTheSpringForwardGapFiresAtTheFirstInstantAfterIt() {
        // New York, 2027-03-14: 02:00 jumps to 03:00; the contract (6) fires a time in a gap at the first instant after it
        assertThat(next("cron 30 2 14 3 *", "2027-01-01T00:00-05:00[America/New_York]", NY))
                .isEqualTo(at("2027-03-14T03:00-04:00[America/New_York]", NY));
        assertThat(next("cron 30 2 * * *", "2027-03-13T12:00-05:00[America/New_York]", NY))
                .isEqualTo(at("2027-03-14T03:00-04:00[America/New_York]", NY));
        assertThat(next("cron 30 2 * * *", "2027-03-14T03:00-04:00[America/New_York]", NY))
                .as("once, then the next day as usual").isEqualTo(at("2027-03-15T02:30-04:00[America/New_York]", NY));
        // Berlin, 2027-03-28: 02:00 jumps to 03:00
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(next("cron 15 2 * * *", "2027-03-27T12:00+01:00[Europe/Berlin]", berlin))
                .isEqualTo(at("2027-03-28T03:00+02:00[Europe/Berlin]", berlin));
        // Lord Howe, 2027-10-03: a 30-minute gap, 02:00 jumps to 02:30
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        assertThat(next("cron 10 2 * * *", "2027-10-02T12:00+10:30[Australia/Lord_Howe]", lordHowe))
                .isEqualTo(at("2027-10-03T02:30+11:00[Australia/Lord_Howe]", lordHowe));
    }

    @Test
    void cronTimesInsideOneGapFireOnceAtItsEnd() {
        List<ZonedDateTime> n = Schedule.parse("cron */20 * * * *")
                .next(at("2027-03-14T01:30-05:00[America/New_York]", NY), NY, 4);
        assertThat(n).containsExactly(at("2027-03-14T01:40-05:00[America/New_York]", NY),
                at("2027-03-14T03:00-04:00[America/New_York]", NY), at("2027-03-14T03:20-04:00[America/New_York]", NY),
                at("2027-03-14T03:40-04:00[America/New_York]", NY));
    }

    @Test
    void aCronTimeInTheFallBackOverlapFiresOnce() {
        // New York, 2027-11-07: 02:00 falls back to 01:00, so 01:30 happens twice
        ZonedDateTime first = next("cron 30 1 * * *", "2027-11-06T12:00-04:00[America/New_York]", NY);
        assertThat(first).isEqualTo(at("2027-11-07T01:30-04:00[America/New_York]", NY));
        assertThat(Schedule.parse("cron 30 1 * * *").next(first, NY).orElseThrow())
                .isEqualTo(at("2027-11-08T01:30-05:00[America/New_York]", NY));
    }

    @Test
    void dailyFormsFireAtTheEndOfTheGapInEveryZone() {
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        assertThat(next("daily 02:10", "2027-10-02T12:00+10:30[Australia/Lord_Howe]", lordHowe))
                .isEqualTo(at("2027-10-03T02:30+11:00[Australia/Lord_Howe]", lordHowe));
        assertThat(next("monthly 14 02:30", "2027-03-01T00:00-05:00[America/New_York]", NY))
                .isEqualTo(at("2027-03-14T03:00-04:00[America/New_York]", NY));
    }

    @Test
    void everyAlignsToTheClock() {
        assertThat(next("every 5m", "2026-11-28T09:02:10+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-11-28T09:05+09:00[Asia/Tokyo]", TOKYO));
        assertThat(next("every 5m", "2026-11-28T09:05+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-11-28T09:10+09:00[Asia/Tokyo]", TOKYO));
        assertThat(next("every 1h", "2026-11-28T09:59:59+05:30[Asia/Kolkata]", ZoneId.of("Asia/Kolkata")))
                .as("aligned to the local clock, not to UTC").isEqualTo(at("2026-11-28T10:00+05:30[Asia/Kolkata]", ZoneId.of("Asia/Kolkata")));
    }

    @Test
    void everyKeepsItsCadenceAcrossADstChange() {
        List<ZonedDateTime> n = Schedule.parse("every 30m").next(at("2026-03-08T01:10-05:00[America/New_York]", NY), NY, 3);
        assertThat(n).containsExactly(at("2026-03-08T01:30-05:00[America/New_York]", NY),
                at("2026-03-08T03:00-04:00[America/New_York]", NY), at("2026-03-08T03:30-04:00[America/New_York]", NY));
    }

    @Test
    void cronCombinesDayOfMonthAndDayOfWeekWithOr() {
        // "at 09:00 on the 1st, and on Mondays": from Saturday 2026-11-28 the Monday comes first, then the 1st
        Schedule s = Schedule.parse("cron \"0 9 1 * 1\"");
        List<ZonedDateTime> n = s.next(at("2026-11-28T12:00+09:00[Asia/Tokyo]", TOKYO), TOKYO, 3);
        assertThat(n).containsExactly(at("2026-11-30T09:00+09:00[Asia/Tokyo]", TOKYO),
                at("2026-12-01T09:00+09:00[Asia/Tokyo]", TOKYO), at("2026-12-07T09:00+09:00[Asia/Tokyo]", TOKYO));
    }

    @Test
    void cronWithOnlyDayOfWeekRestricted() {
        assertThat(next("cron \"30 17 * * 1-5\"", "2026-11-28T12:00+09:00[Asia/Tokyo]", TOKYO))
                .isEqualTo(at("2026-11-30T17:30+09:00[Asia/Tokyo]", TOKYO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"daily 25:00", "dailly 09:00", "every", "every -5m", "monthly 32 10:00", "cron \"0 9 * *\"",
            "cron \"61 9 * * *\"", "at noon", ""})
    void badSchedulesAreRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> Schedule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("expected a schedule", "bad time", "monthly day",
                        "cron", "every", "duration"));
    }

    @Test
    void unknownDayNameSaysWhatIsAccepted() {
        assertThatThrownBy(() -> Schedule.parse("funday 09:00")).hasMessageContaining("'daily 09:00'");
    }
}

package dev.runbook.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.model.ReportDefinition;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API the launcher and the daemon use: ids, built-ins, unknown ids, send through the outbox. */
class ReportsApiTest {
    @TempDir
    Path dir;

    @Test
    void builtInIdsExistOnlyWhenTheRunbookDefinesNoReports() throws Exception {
        Runbook none = RunbookBuilder.runbook("plain").zone("Asia/Tokyo").build();
        assertThat(Reports.ids(none)).containsExactly("day", "week", "month");
        ReportDefinition week = Reports.definition(none, "week");
        assertThat(week.covers()).isEqualTo("previous");
        assertThat(week.title()).isEqualTo("Weekly Operations Report");
        Runbook ops = ReportFixture.load(dir);
        assertThat(Reports.ids(ops)).containsExactlyInAnyOrder("daily", "weekly", "monthly");
        assertThatThrownBy(() -> Reports.definition(ops, "day")).isInstanceOf(Reports.UnknownReportException.class);
    }

    @Test
    void anUnknownIdSuggestsTheClosest() throws Exception {
        Runbook ops = ReportFixture.load(dir);
        assertThatThrownBy(() -> Reports.definition(ops, "dayly"))
                .hasMessageContaining("unknown report 'dayly' (did you mean 'daily'?)");
    }

    @Test
    void aBuiltInDayReportOnAnEmptyStoreSaysNone() {
        Runbook none = RunbookBuilder.runbook("plain").zone("Asia/Tokyo").build();
        ManualClock clock = new ManualClock(ReportFixture.tokyo(10, 21, 12, 0), ReportFixture.TOKYO);
        String t = Reports.render(none, dir.resolve("empty.db"), "day", LocalDate.of(2026, 10, 21), "text", clock);
        assertThat(t).isEqualTo("【Daily Operations Report】2026-10-21\n\n■ Service Status\n- None\n\n■ Resource Usage\n- None\n"
                + "\n■ Uptime\n- Incidents: 0\n\n■ Incident Summary\n- None\n\n■ Actions Taken\n- None\n\n■ Notes\n- None\n");
    }

    @Test
    void sendQueuesAReportNotificationToTheReportsRecipients() throws Exception {
        Runbook ops = ReportFixture.load(dir);
        Path store = dir.resolve("state/ops.db");
        ReportFixture.history(store);
        ManualClock clock = new ManualClock(ReportFixture.tokyo(10, 21, 17, 30), ReportFixture.TOKYO);
        String dry = Reports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, true);
        assertThat(dry).startsWith("daily report 2026-10-21: would send 'Daily Operations Report 2026-10-21' to");
        assertThat(dir.resolve("state/notifications.jsonl")).doesNotExist();
        String sent = Reports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, false);
        assertThat(sent).startsWith("daily report 2026-10-21: ").contains("archive");
        Path archive = dir.resolve("state/notifications.jsonl");
        assertThat(archive).exists();
        java.util.List<String> lines = Files.readAllLines(archive);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.toString()).contains("report", "Daily Operations Report 2026-10-21", "Average CPU usage: 30%");
    }

    @Test
    void aScheduleAndAReportStepInOnePeriodSendTheReportOnceAndTheNextPeriodAgain() throws Exception {
        Runbook ops = ReportFixture.load(dir);
        Path store = dir.resolve("state/ops.db");
        ReportFixture.history(store);
        ManualClock clock = new ManualClock(ReportFixture.tokyo(10, 21, 17, 30), ReportFixture.TOKYO);
        Path archive = dir.resolve("state/notifications.jsonl");
        // sending writes (the outbox, reports_sent): the writing opener, not the read-only one
        try (ReportSource source = ReportSource.openToSend(store, ops, clock)) {
            var n = source.incidents().notifications();
            // the daemon's report schedule, then a {report: daily} step of a procedure, the same day
            String first = Reports.send(ops, source, "daily", LocalDate.of(2026, 10, 21), clock, false, n);
            String second = Reports.renderer(source, n, clock).render(ops, "daily", false);
            assertThat(first).contains("archive");
            assertThat(second).isEqualTo("daily report 2026-10-21: already sent this day to archive");
            assertThat(Files.readAllLines(archive)).hasSize(1);
            clock.advance(java.time.Duration.ofDays(1));
            String nextDay = Reports.renderer(source, n, clock).render(ops, "daily", false);
            assertThat(nextDay).startsWith("daily report 2026-10-22: ").doesNotContain("already");
            assertThat(Files.readAllLines(archive)).hasSize(2);
        }
        // an operator's explicit report --send sends again
        Reports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, false);
        assertThat(Files.readAllLines(archive)).hasSize(3);
    }
}

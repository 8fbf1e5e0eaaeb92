package dev.runbook.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.model.Runbook;
import dev.runbook.dsl.RunbookBuilder;
import dev.runbook.incidents.StoreIncidentService;
import dev.runbook.reports.ReportSource;
import dev.runbook.reports.Reports;
import dev.runbook.reports.ReportsTestAccess;
import dev.runbook.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports over a store file, as the launcher's {@code runbook report} and {@code report --send} open it: a missing
 * store reads as nothing recorded and is not created; sending goes through the store's outbox, once per period
 * for schedules and {@code {report:}} steps, again for an operator.
 */
class StoreReportsTest {
    @TempDir
    Path dir;

    @Test
    void aBuiltInDayReportOnAnEmptyStoreSaysNone() {
        Runbook none = RunbookBuilder.runbook("plain").zone("Asia/Tokyo").build();
        ManualClock clock = new ManualClock(ReportsTestAccess.tokyo(10, 21, 12, 0), ReportsTestAccess.TOKYO);
        String t = StoreReports.render(none, dir.resolve("empty.db"), "day", LocalDate.of(2026, 10, 21), "text", clock);
        assertThat(t).isEqualTo("【Daily Operations Report】2026-10-21\n\n■ Service Status\n- None\n\n■ Resource Usage\n- None\n"
                + "\n■ Uptime\n- Incidents: 0\n\n■ Incident Summary\n- None\n\n■ Actions Taken\n- None\n\n■ Notes\n- None\n");
        assertThat(dir.resolve("empty.db")).doesNotExist();
    }

    @Test
    void sendQueuesAReportNotificationToTheReportsRecipients() throws Exception {
        Runbook ops = ReportsTestAccess.load(dir);
        Path store = dir.resolve("state/ops.db");
        ReportsTestAccess.history(store);
        ManualClock clock = new ManualClock(ReportsTestAccess.tokyo(10, 21, 17, 30), ReportsTestAccess.TOKYO);
        String dry = StoreReports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, true);
        assertThat(dry).startsWith("daily report 2026-10-21: would send 'Daily Operations Report 2026-10-21' to");
        assertThat(dir.resolve("state/notifications.jsonl")).doesNotExist();
        String sent = StoreReports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, false);
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
        Runbook ops = ReportsTestAccess.load(dir);
        Path store = dir.resolve("state/ops.db");
        ReportsTestAccess.history(store);
        ManualClock clock = new ManualClock(ReportsTestAccess.tokyo(10, 21, 17, 30), ReportsTestAccess.TOKYO);
        Path archive = dir.resolve("state/notifications.jsonl");
        // sending writes (the outbox, reports_sent): the writing opener, not the read-only one
        try (Store db = Store.open(store, Store.DEFAULT_RETENTION, clock);
             StoreIncidentService incidents = StoreIncidentService.open(db, ops, clock)) {
            ReportSource source = StoreReports.of(db, incidents);
            var n = incidents.notifications();
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
        StoreReports.send(ops, store, "daily", LocalDate.of(2026, 10, 21), clock, false);
        assertThat(Files.readAllLines(archive)).hasSize(3);
    }
}

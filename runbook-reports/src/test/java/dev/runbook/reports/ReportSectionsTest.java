package dev.runbook.reports;

import static dev.runbook.reports.ReportFixture.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.ManualClock;
import dev.runbook.core.model.Runbook;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every section's figures on the synthetic history of {@link ReportFixture}, with exact numbers. */
class ReportSectionsTest {
    static final LocalDate DAY = LocalDate.of(2026, 10, 21);

    @TempDir
    Path dir;
    Runbook rb;
    Path store;
    ManualClock clock;

    @BeforeEach
    void setUp() throws Exception {
        rb = ReportFixture.load(dir);
        store = dir.resolve("state/ops.db");
        ReportFixture.history(store, rb);
        clock = new ManualClock(ReportFixture.tokyo(10, 21, 17, 30), TOKYO);
    }

    private String text(String id, LocalDate date) {
        return ReportFixture.render(rb, store, id, date, "text", clock);
    }

    private JsonNode json(String id, LocalDate date) throws Exception {
        return new ObjectMapper().readTree(ReportFixture.render(rb, store, id, date, "json", clock));
    }

    @Test
    void dailyTextFollowsTheSeedLayoutWithExactFigures() {
        String t = text("daily", DAY);
        assertThat(t).startsWith("【Daily Operations Report】2026-10-21\n\n■ Service Status\n");
        assertThat(t).contains("- Health check: Normal\n", "- CPU usage: Normal\n", "- Disk usage: Warning\n",
                "\n■ Resource Usage\n", "- Average CPU usage: 30%\n", "- Peak CPU usage: 40%\n",
                "- Average memory usage: 70%\n", "- Peak memory usage: 80%\n",
                "- Disk usage: 66% (average 65%, peak 66%)\n",
                "\n■ Today's Metrics\n", "- Access count: 120\n", "- Total requests: 120\n", "- Error rate: 0.4%\n",
                "- Peak cpu: 40%\n",
                "\n■ Incident Summary\n- 2026-10-21 12:00: P2 health — connection refused (20 minutes, resolved)\n",
                "\n■ Actions Taken\n- 2026-10-21 15:00 disk: cleanup-uploads — done (deleted 12 files)\n",
                "\n■ Notes\n- 2026-10-21 14:05 (alice): Restarted httpd after the deploy\n");
        assertThat(t).doesNotContain("99%", "yesterday's note");
        assertThat(t.indexOf("■ Service Status")).isLessThan(t.indexOf("■ Resource Usage"));
        assertThat(t.indexOf("■ Actions Taken")).isLessThan(t.indexOf("■ Notes"));
    }

    @Test
    void metricsKeepTheOrderTheReportDefinesThem() {
        String t = text("daily", DAY);
        assertThat(t.indexOf("Access count")).isLessThan(t.indexOf("Total requests"));
        assertThat(t.indexOf("Total requests")).isLessThan(t.indexOf("Error rate"));
        assertThat(t.indexOf("Error rate")).isLessThan(t.indexOf("Peak cpu"));
    }

    @Test
    void jsonHasSnakeCaseFieldsAndRawFigures() throws Exception {
        JsonNode j = json("daily", DAY);
        assertThat(names(j)).containsExactly("report", "title", "runbook", "period", "generated_at", "sections");
        assertThat(names(j.get("period"))).containsExactly("kind", "label", "start_date", "end_date", "from", "to");
        assertThat(j.get("period").get("from").asText()).isEqualTo("2026-10-21T00:00:00+09:00");
        assertThat(j.get("period").get("to").asText()).isEqualTo("2026-10-22T00:00:00+09:00");
        assertThat(j.get("generated_at").asText()).isEqualTo("2026-10-21T17:30:00+09:00");
        assertThat(names(j.get("sections"))).containsExactly("services", "resources", "metrics", "incidents",
                "actions", "notes");
        JsonNode cpu = j.get("sections").get("resources").get("cpu");
        assertThat(names(cpu)).containsExactly("type", "avg", "peak", "last", "unit");
        assertThat(cpu.get("avg").asDouble()).isEqualTo(30.0);
        assertThat(cpu.get("peak").asDouble()).isEqualTo(40.0);
        JsonNode total = j.get("sections").get("metrics").get("total_requests");
        assertThat(names(total)).containsExactly("value", "unit", "from", "agg");
        // access has window: today, so its requests are a running total: the day's last value, not 100 + 120
        assertThat(total.get("value").asDouble()).isEqualTo(120.0);
        assertThat(total.get("agg").asText()).isEqualTo("sum");
        JsonNode action = j.get("sections").get("actions").get("actions").get(0);
        assertThat(names(action)).containsExactly("check", "at", "step", "outcome", "message");
        assertThat(action.get("at").asText()).isEqualTo("2026-10-21T15:00:30+09:00");
        JsonNode note = j.get("sections").get("notes").get("notes");
        assertThat(note.size()).isEqualTo(1);
        assertThat(note.get(0).get("operator").asText()).isEqualTo("alice");
        JsonNode svc = j.get("sections").get("services").get("checks");
        assertThat(names(svc.get(0))).containsExactly("check", "title", "status", "at", "message");
    }

    @Test
    void availabilityUsesTheSloCheckAndItsBudget() throws Exception {
        // health: every 10 min 09:00–13:00, CRITICAL 12:00–12:20; the last result covers 2 × 10 min: 260 min seen,
        // under a quarter of the month so far (the clock stands at 10-21 17:30): not enough data (§8 [1.1]);
        // AvailabilityFiguresTest has the figure with enough data
        String t = text("monthly", LocalDate.of(2026, 11, 1));
        assertThat(t).contains("■ Service Uptime\n- Availability: not enough data — monitored 4 h 20 min of 20 d 17 h\n"
                + "- Downtime: 20 minutes\n- Incidents: 1\n");
        JsonNode a = json("monthly", LocalDate.of(2026, 11, 1)).get("sections").get("availability");
        assertThat(a.get("checks").get(0).get("check").asText()).isEqualTo("health");
        assertThat(a.get("checks").get(0).get("downtime_s").asLong()).isEqualTo(1200);
        JsonNode slo = a.get("slos").get(0);
        assertThat(slo.get("slo").asText()).isEqualTo("availability");
        // 1.0 printed a budget of 100 × (1 − 20 / 2.6) = −669 % here
        assertThat(slo.get("budget_left").isNull()).isTrue();
        assertThat(slo.get("enough_data").asBoolean()).isFalse();
        assertThat(a.get("checks").get(0).get("availability").isNull()).isTrue();
        assertThat(a.get("checks").get(0).get("monitored_s").asLong()).isEqualTo(260 * 60);
        JsonNode latency = a.get("slos").get(1);
        assertThat(latency.get("avg").asDouble()).isCloseTo(3.5, within(1e-9));
        assertThat(latency.get("met").asBoolean()).isTrue();
    }

    @Test
    void incidentsOfThePeriodWithTheirFacts() throws Exception {
        JsonNode inc = json("daily", DAY).get("sections").get("incidents").get("incidents");
        assertThat(inc.size()).isEqualTo(1);
        assertThat(names(inc.get(0))).containsExactly("id", "level", "category", "check", "state", "opened_at",
                "resolved_at", "duration_s", "trigger_message");
        assertThat(inc.get(0).get("level").asText()).isEqualTo("P2");
        assertThat(inc.get(0).get("state").asText()).isEqualTo("resolved");
        assertThat(inc.get(0).get("opened_at").asText()).isEqualTo("2026-10-21T12:00:00+09:00");
        assertThat(inc.get(0).get("resolved_at").asText()).isEqualTo("2026-10-21T12:20:00+09:00");
        assertThat(inc.get(0).get("duration_s").asLong()).isEqualTo(1200);
        assertThat(json("daily", DAY.plusDays(1)).get("sections").get("incidents").get("incidents").size()).isZero();
    }

    @Test
    void htmlIsAPageWithEscapedLines() {
        // the figures are table rows since the page has tables (issue 15); the line "Average CPU usage: 30%" is one row
        String html = ReportFixture.render(rb, store, "daily", DAY, "html", clock);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Daily Operations Report — 2026-10-21</h1>",
                "<h2>Service Status</h2>", "<tr><th scope=\"row\">Average CPU usage</th><td>30%</td></tr>")
                .endsWith("</body></html>\n");
    }

    @Test
    void performanceSecurityBackupAndCapacityOfTheMonth() {
        String t = text("monthly", LocalDate.of(2026, 11, 1));
        assertThat(t).startsWith("【Monthly Operations Report】October 2026\n");
        // p95 series 3 s and 4 s: P95 by linear interpolation 3.95 s; no p99 metric, so P99 of the p95 series
        assertThat(t).contains("■ Performance Metrics\n- Average response time: 1.2s\n- P95 response time: 3.95s\n"
                        + "- P99 response time: 3.99s\n",
                "- Error rate: 0.4%\n",
                "■ Security\n- SSL certificate expiry: 45 days remaining\n",
                "■ Backup\n- Latest backup: Normal, latest backup 5h 0m old\n",
                "■ Capacity\n- Disk usage: 64% → 66% (+2 points)\n",
                "- Peak CPU usage: 99%\n");
    }

    @Test
    void weeklyReportOfTheFollowingWeekCoversTheFixtureWeek() {
        String t = text("weekly", LocalDate.of(2026, 10, 26));
        assertThat(t).startsWith("【Weekly Operations Report】2026-10-19 ~ 2026-10-25\n\n■ Uptime\n"
                + "- Availability: not enough data — monitored 4 h 20 min of 2 d 17 h\n");
        assertThat(text("weekly", DAY)).contains("2026-10-12 ~ 2026-10-18", "■ Resource Usage\n- None\n");
    }

    @Test
    void markdownHasHeadingsAndBullets() {
        String md = ReportFixture.render(rb, store, "monthly", LocalDate.of(2026, 11, 1), null, clock);
        assertThat(md).startsWith("# Monthly Operations Report — October 2026\n\n## Service Uptime\n\n"
                + "- Availability: not enough data — monitored 4 h 20 min of 20 d 17 h\n");
    }

    static java.util.List<String> names(JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

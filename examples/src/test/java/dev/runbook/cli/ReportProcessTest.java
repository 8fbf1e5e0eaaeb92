package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook note} and {@code runbook report} end to end as separate processes on a real YAML file
 * ({@code reports/ops.yaml}), and a {@code {report: daily}} procedure step run by {@code runbook run}.
 */
class ReportProcessTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void copyFixture() throws Exception {
        try (InputStream in = ReportProcessTest.class.getResourceAsStream("/reports/ops.yaml")) {
            Files.copy(in, dir.resolve("ops.yaml"));
        }
        Files.writeString(dir.resolve("plain.yaml"), """
                runbook: plain
                version: 1
                timezone: Asia/Tokyo
                store: ./state/plain.db
                checks:
                  marker:
                    type: file
                    path: ./plain.yaml
                """);
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    private static String today() {
        return LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
    }

    @Test
    void aNoteAppearsInTheReportOfItsDay() throws Exception {
        Launch.Outcome n = run("note", "ops.yaml", "--operator", "alice", "Restarted", "httpd after the deploy");
        assertThat(n.exit()).as(n.err()).isZero();
        assertThat(n.out()).startsWith("Note added at ").contains("by alice");
        String day = n.out().substring("Note added at ".length(), "Note added at ".length() + 10);
        Launch.Outcome r = run("report", "ops.yaml", "daily", "--date", day);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("【Daily Operations Report】" + day + "\n")
                .contains("■ Notes\n- ").contains("(alice): Restarted httpd after the deploy\n");
    }

    @Test
    void jsonFormatAndOutputFile() throws Exception {
        Launch.Outcome r = run("report", "ops.yaml", "weekly", "--date", "2025-10-28", "--format", "json",
                "--output", "out/weekly.json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        JsonNode j = new ObjectMapper().readTree(dir.resolve("out/weekly.json").toFile());
        assertThat(j.get("report").asText()).isEqualTo("weekly");
        assertThat(j.get("period").get("start_date").asText()).isEqualTo("2025-10-20");
        assertThat(j.get("period").get("end_date").asText()).isEqualTo("2025-10-26");
        assertThat(j.get("sections").has("availability")).isTrue();
    }

    @Test
    void builtInIdsWorkWhenTheRunbookDefinesNone() throws Exception {
        Launch.Outcome r = run("report", "plain.yaml", "month", "--date", "2025-11-01", "--format", "markdown");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# Monthly Operations Report — October 2025\n");
    }

    @Test
    void exitCodesForUnknownIdsInvalidFilesAndUsage() throws Exception {
        Launch.Outcome unknown = run("report", "ops.yaml", "dayly");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown report 'dayly' (did you mean 'daily'?)");
        Launch.Outcome builtInHidden = run("report", "ops.yaml", "day");
        assertThat(builtInHidden.exit()).isEqualTo(1);
        assertThat(run("report", "missing.yaml", "day").exit()).isEqualTo(1);
        assertThat(run("note", "missing.yaml", "text").exit()).isEqualTo(1);
        Launch.Outcome badDate = run("report", "ops.yaml", "daily", "--date", "21/10/2025");
        assertThat(badDate.exit()).isEqualTo(2);
        assertThat(badDate.err()).contains("expected YYYY-MM-DD");
        assertThat(run("report", "ops.yaml", "daily", "--format", "pdf").exit()).isEqualTo(2);
        assertThat(run("report", "ops.yaml").exit()).isEqualTo(2);
        assertThat(run("note", "ops.yaml").exit()).isEqualTo(2);
    }

    @Test
    void sendDeliversThroughTheReportsNotifyRecipients() throws Exception {
        Launch.Outcome r = run("report", "ops.yaml", "daily", "--send", "--date", "2025-10-21");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("【Daily Operations Report】2025-10-21\n");
        assertThat(r.err()).contains("daily report 2025-10-21: ").contains("archive");
        Path archive = dir.resolve("state/notifications.jsonl");
        assertThat(archive).exists();
        assertThat(Files.readString(archive)).contains("Daily Operations Report 2025-10-21");
    }

    @Test
    void aReportStepInAProcedureRendersAndSendsAndADryRunOnlySays() throws Exception {
        // the step reports on today in Tokyo: accept the day before or after the process in case midnight passes
        String before = today();
        Launch.Outcome dry = run("run", "ops.yaml", "--procedure", "daily-report", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).containsAnyOf("daily report " + before + ": would", "daily report " + today() + ": would");
        before = today();
        Launch.Outcome real = run("run", "ops.yaml", "--procedure", "daily-report");
        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).containsAnyOf("daily report " + before + ": ", "daily report " + today() + ": ")
                .contains("archive").doesNotContain("would");
        assertThat(Files.readString(dir.resolve("state/notifications.jsonl")))
                .containsAnyOf("Daily Operations Report " + before, "Daily Operations Report " + today());
    }
}

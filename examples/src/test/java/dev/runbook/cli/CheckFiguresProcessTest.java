package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's check-side figures, through the launcher in separate processes as cron runs it (contract §4 [1.1]):
 * log offsets per procedure, {@code file match: all} judging the worst file, forecasts that say "not enough
 * history" instead of extrapolating from seconds, and perfdata metrics named by their label.
 */
class CheckFiguresProcessTest {
    @TempDir
    static Path dir;
    static Launch launcher;

    @BeforeAll
    static void writeTheRunbook() throws Exception {
        launcher = Launch.plain(dir.resolve("xdg"));
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/small.log"), "fine\n");
        // a 150 MB log among small ones: sparse, so the test writes nothing of that size
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("logs/big.log").toFile(), "rw")) {
            f.setLength(150_000_000L);
        }
        Files.writeString(dir.resolve("logs/other.log"), "also fine\n");
        Files.writeString(dir.resolve("error_log"), "[error] one\n[error] two\n");
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: figures",
                "version: 1",
                "timezone: UTC",
                "store: ./state/figures.db",
                "checks:",
                "  apache-errors: { type: log, file: ./error_log, pattern: \"\\\\[error\\\\]\" }",
                "  log-size: { type: file, path: \"./logs/*\", match: all, max_size: 100MB }",
                "  usage:",
                "    type: command",
                "    shell: 'n=$(cat n 2>/dev/null || echo 50); echo $((n+5)) > n; echo \"OK | used=$n%\"'",
                "  usage-forecast: { type: forecast, from: usage.used, reach: 90%, window: 30d, critical: \"< 30d\" }",
                "procedures:",
                "  morning-check:",
                "    steps:",
                "      - { checks: [apache-errors] }",
                ""));
        // in a file of its own: before the fix it did not load, which would hide the other figures' failures
        Files.writeString(dir.resolve("perfdata.yaml"), String.join("\n",
                "runbook: perfdata",
                "version: 1",
                "store: ./state/perfdata.db",
                "checks:",
                "  root-fs:",
                "    type: command",
                "    run: [echo, \"DISK OK | '/'=9000MB;;;0;20000 '/var'=100MB\"]",
                "    thresholds: { \"/\": { critical: 8GB } }",
                ""));
    }

    private static JsonNode result(Launch.Outcome o, String check) throws Exception {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(o.out());
        } catch (Exception e) {
            throw new AssertionError("not JSON (exit " + o.exit() + "): " + o.out() + o.err(), e);
        }
        for (JsonNode r : root.path("results")) {
            if (r.get("check").asText().equals(check)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + check + " (exit " + o.exit() + "): " + o.out() + o.err());
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return launcher.run(dir, args);
    }

    @Test
    void anAdHocRunDoesNotConsumeTheLinesTheMorningCheckHasNotCounted() throws Exception {
        // issue 14: after one ad-hoc run the morning check said "Apache errors … 0"
        JsonNode adHoc = result(run("run", "runbook.yaml", "--check", "apache-errors", "--format", "json"), "apache-errors");
        assertThat(adHoc.get("value").asDouble()).isEqualTo(2);
        JsonNode morning = result(run("run", "runbook.yaml", "--procedure", "morning-check", "--format", "json"),
                "apache-errors");
        assertThat(morning.get("value").asDouble()).as("the morning check counts its own lines").isEqualTo(2);
        assertThat(morning.get("message").asText()).contains("(first morning-check run)");
        Files.writeString(dir.resolve("error_log"), "[error] three\n", StandardOpenOption.APPEND);
        JsonNode adHoc2 = result(run("run", "runbook.yaml", "--check", "apache-errors", "--format", "json"), "apache-errors");
        assertThat(adHoc2.get("value").asDouble()).isEqualTo(1);
        assertThat(adHoc2.get("message").asText()).contains("since the previous ad-hoc run at ");
        JsonNode morning2 = result(run("run", "runbook.yaml", "--procedure", "morning-check", "--format", "json"),
                "apache-errors");
        assertThat(morning2.get("value").asDouble()).isEqualTo(1);
        assertThat(morning2.get("message").asText()).matches(
                ".*since the previous morning-check run at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d.*");
    }

    @Test
    void fileMatchAllJudgesTheWorstFileAndShowsItsSize() throws Exception {
        Launch.Outcome o = run("run", "runbook.yaml", "--check", "log-size", "--format", "json");
        JsonNode r = result(o, "log-size");
        assertThat(r.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(r.get("value").asDouble()).as("the headline is the largest file's size").isEqualTo(150_000_000.0);
        assertThat(r.get("unit").asText()).isEqualTo("B");
        assertThat(r.get("message").asText()).contains("big.log", "larger than", "2 of 3 files passed");
        assertThat(o.exit()).isEqualTo(2);
    }

    @Test
    void aForecastFromSecondsOfHistoryIsNotEnoughHistory() throws Exception {
        // issue 14: "90% full in 10 days" after minutes of history; here 6 runs seconds apart, rising 5 points each
        Launch.Outcome last = null;
        for (int i = 0; i < 6; i++) {
            last = run("run", "runbook.yaml", "--check", "usage", "--check", "usage-forecast", "--format", "json");
        }
        JsonNode f = result(last, "usage-forecast");
        assertThat(f.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(f.get("message").asText()).matches("not enough history: \\d+s of the 7d 12h needed.*");
        assertThat(f.get("metrics").has("time_to_reach")).isFalse();
    }

    @Test
    void perfdataMetricsAreNamedByTheirLabelAndAThresholdOnSlashLoads() throws Exception {
        Launch.Outcome v = run("validate", "perfdata.yaml");
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        Launch.Outcome o = run("run", "perfdata.yaml", "--check", "root-fs", "--format", "json");
        JsonNode r = result(o, "root-fs");
        assertThat(r.get("metrics").get("/").asDouble()).isEqualTo(9.0e9);
        assertThat(r.get("metrics").get("/var").asDouble()).isEqualTo(1.0e8);
        assertThat(r.get("metrics").has("root")).isFalse();
        assertThat(r.get("status").asText()).as("the threshold on '/' applies").isEqualTo("CRITICAL");
    }
}

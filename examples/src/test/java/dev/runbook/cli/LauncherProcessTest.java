package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The launcher run end to end as a separate process, as cron or a user runs it, against runbooks built in Java
 * (the {@link FixtureRunbooks} source): every verb's exit code, every format parsed as its consumers parse it.
 */
class LauncherProcessTest {
    /** [1.1] run_id added (and state, paused_at_step when a run pauses at a gate). */
    static final List<String> RUN_FIELDS = List.of("runbook", "procedure", "status", "started_at", "duration_ms",
            "operator", "run_id", "results", "incidents");
    static final List<String> RESULT_FIELDS = List.of("check", "type", "title", "status", "first_status", "value", "unit",
            "message", "metrics", "duration_ms", "pending", "skipped", "waived", "maintenance", "actions");

    @TempDir
    static Path dir;
    static Launch launcher;

    @BeforeAll
    static void setUp() {
        launcher = Launch.withFixtures(dir.resolve("xdg"));
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return launcher.run(dir, args);
    }

    @Test
    void runExitsWithTheWorstCountedStatus() throws Exception {
        assertThat(run("run", "ok.yaml", "--procedure", "morning-check").exit()).isZero();
        assertThat(run("run", "warning.yaml", "--procedure", "morning-check").exit()).isEqualTo(1);
        assertThat(run("run", "critical.yaml", "--procedure", "morning-check").exit()).isEqualTo(2);
        assertThat(run("run", "unknown.yaml", "--procedure", "morning-check").exit()).isEqualTo(3);
    }

    @Test
    void textIsTheFilledChecklistWithThresholdsInWords() throws Exception {
        Launch.Outcome o = run("run", "warning.yaml", "--procedure", "morning-check", "--operator", "alice");
        assertThat(o.out()).contains("Morning Check", "Operator: alice", "Disk usage", "WARNING",
                "85.5% (warning at or above 80%, critical at or above 90%)", "waived, not counted",
                "Result: WARNING", "1 warning").doesNotContain("\u001b[");
        assertThat(o.out()).contains("[!] 2. Disk usage");
    }

    @Test
    void skippedDependentsAreMarkedAndNotCounted() throws Exception {
        Launch.Outcome o = run("run", "unknown.yaml", "--procedure", "morning-check");
        assertThat(o.out()).contains("skipped: depends on health (UNKNOWN)", "skipped, not counted");
    }

    @Test
    void jsonHasExactlyTheContractFields() throws Exception {
        Launch.Outcome o = run("run", "warning.yaml", "--procedure", "morning-check", "--format", "json");
        assertThat(o.exit()).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(o.out());
        assertThat(names(root)).containsExactlyElementsOf(RUN_FIELDS);
        assertThat(root.get("runbook").asText()).isEqualTo("fixture");
        assertThat(root.get("procedure").asText()).isEqualTo("morning-check");
        assertThat(root.get("status").asText()).isEqualTo("WARNING");
        assertThat(root.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+09:00");
        assertThat(root.get("operator").isNull()).isTrue();
        for (JsonNode r : root.get("results")) {
            assertThat(names(r)).containsExactlyElementsOf(RESULT_FIELDS);
        }
        JsonNode disk = find(root, "disk");
        assertThat(disk.get("unit").asText()).isEqualTo("%");
        assertThat(disk.get("value").asDouble()).isEqualTo(85.5);
        assertThat(disk.get("metrics").get("free_bytes").asDouble()).isEqualTo(2.1e10);
        assertThat(find(root, "legacy").get("waived").asBoolean()).isTrue();
    }

    @Test
    void remediationRecoversAndUnconfirmedManualStepIsUnknown() throws Exception {
        Launch.Outcome o = run("run", "recovers.yaml", "--procedure", "morning-check", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(o.out());
        JsonNode health = find(root, "health");
        assertThat(health.get("first_status").asText()).isEqualTo("CRITICAL");
        assertThat(health.get("status").asText()).isEqualTo("OK");
        List<String> outcomes = new ArrayList<>();
        health.get("actions").forEach(a -> outcomes.add(a.get("step").asText() + "=" + a.get("outcome").asText()));
        assertThat(outcomes).contains("restart-estimator=done", "recheck health=done");
        assertThat(outcomes).noneMatch(s -> s.startsWith("escalate"));
        // nobody at a terminal to confirm the manual gate: the run pauses there, UNKNOWN, exit 3
        assertThat(o.exit()).isEqualTo(3);
        Launch.Outcome text = run("run", "recovers.yaml", "--procedure", "morning-check");
        assertThat(text.out()).contains("waiting for confirmation", "restart-estimator: done", "was CRITICAL");
    }

    @Test
    void dryRunDoesNothing() throws Exception {
        Launch.Outcome o = run("run", "recovers.yaml", "--check", "health", "--dry-run", "--format", "json");
        JsonNode health = find(new ObjectMapper().readTree(o.out()), "health");
        assertThat(health.get("actions").get(0).get("outcome").asText()).isEqualTo("dry_run");
        assertThat(o.exit()).isEqualTo(2);
    }

    @Test
    void junitIsValidXmlWithFailuresAndSkips() throws Exception {
        Launch.Outcome o = run("run", "critical.yaml", "--procedure", "morning-check", "--format", "junit");
        assertThat(o.exit()).isEqualTo(2);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(o.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(4);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("failure").item(0).getAttributes().getNamedItem("type").getNodeValue())
                .isEqualTo("CRITICAL");
    }

    @Test
    void tapMarksUncountedAsSkip() throws Exception {
        Launch.Outcome o = run("run", "unknown.yaml", "--procedure", "morning-check", "--format", "tap");
        assertThat(o.out()).startsWith("TAP version 13\n1..4\n");
        assertThat(o.out()).containsPattern("(?m)^not ok 1 - health: UNKNOWN")
                .containsPattern("(?m)^ok \\d - legacy: CRITICAL .*# SKIP waived$")
                .containsPattern("(?m)^ok \\d - api: UNKNOWN .*# SKIP skipped$");
    }

    @Test
    void nagiosNamesTheFailingCheckThenItsMessageAndTheExitCode() throws Exception {
        Launch.Outcome o = run("run", "warning.yaml", "--procedure", "morning-check", "--format", "nagios");
        assertThat(o.exit()).isEqualTo(1);
        // 1.1: the first line names the failing check; its message follows as Nagios long output
        assertThat(o.out().lines().count()).isEqualTo(2);
        assertThat(o.out()).startsWith("RUNBOOK WARNING - disk WARNING | ")
                .contains("'disk.used'=85.5%;80;90").contains("'health.latency'=0.0021s;;5");
    }

    @Test
    void prometheusIsGaugesOnly() throws Exception {
        Launch.Outcome o = run("run", "critical.yaml", "--procedure", "morning-check", "--format", "prometheus");
        Pattern sample = Pattern.compile("[a-z_]+\\{([a-z]+=\"[^\"]*\",?)+} -?[0-9.eE+-]+|[a-z_]+\\{.*} (NaN|[+-]Inf)");
        for (String line : o.out().split("\n")) {
            if (line.startsWith("# TYPE")) {
                assertThat(line).endsWith(" gauge");
            } else if (!line.startsWith("# HELP")) {
                assertThat(line).matches(sample);
            }
        }
        assertThat(o.out()).contains("runbook_check_status{runbook=\"fixture\",check=\"disk\"} 2",
                "runbook_check_value{runbook=\"fixture\",check=\"disk\",metric=\"used\",unit=\"%\"} 95",
                "runbook_check_value{runbook=\"fixture\",check=\"health\",metric=\"status_code\",unit=\"\"} 200",
                "runbook_check_duration_seconds{runbook=\"fixture\",check=\"disk\"} ");
    }

    @Test
    void outputGoesToTheFileGiven() throws Exception {
        Path file = dir.resolve("out/result.json");
        Launch.Outcome o = run("run", "ok.yaml", "--format", "json", "--output", file.toString());
        assertThat(o.exit()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(new ObjectMapper().readTree(Files.readString(file)).get("procedure").isNull()).isTrue();
    }

    @Test
    void noColorAndPipesGivePlainText() throws Exception {
        Launch.Outcome o = Launch.withFixtures(dir.resolve("xdg")).env("NO_COLOR", "1").env("TERM", "xterm")
                .run(dir, "run", "critical.yaml");
        assertThat(o.out()).doesNotContain("\u001b[");
    }

    @Test
    void brokenFileIsLocatedAndRunExits3ValidateExits1() throws Exception {
        Launch.Outcome r = run("run", "broken.yaml");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("broken.yaml:14:5: unknown check type 'dsik' (did you mean 'disk'?)",
                "broken.yaml:20:3:", "runbook validate broken.yaml");
        Launch.Outcome v = run("validate", "ok.yaml", "broken.yaml");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err()).contains("broken.yaml:14:5:");
        assertThat(run("validate", "ok.yaml").exit()).isZero();
        Launch.Outcome missing = run("run", "missing.yaml");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("missing.yaml:");
    }

    @Test
    void usageErrorsAre3ForRunAnd2Otherwise() throws Exception {
        Launch.Outcome bad = run("run", "ok.yaml", "--format", "yaml");
        assertThat(bad.exit()).isEqualTo(3);
        assertThat(bad.err()).contains("runbook run --help");
        assertThat(run("run").exit()).isEqualTo(3);
        assertThat(run("--bogus", "run", "ok.yaml").exit()).isEqualTo(3);
        assertThat(run("run", "ok.yaml", "--procedure", "morning-check", "--check", "disk").exit()).isEqualTo(3);
        assertThat(run("run", "ok.yaml", "--bogus").exit()).isEqualTo(3);
        assertThat(run("validate").exit()).isEqualTo(2);
        assertThat(run("plan", "ok.yaml", "--bogus").exit()).isEqualTo(2);
        assertThat(run("history", "ok.yaml", "--since", "lately").exit()).isEqualTo(2);
        assertThat(run("incidents", "ok.yaml", "frobnicate").exit()).isEqualTo(2);
        assertThat(run("incidents", "ok.yaml", "ack").exit()).isEqualTo(2);
        assertThat(run("incidents", "ok.yaml", "show", "seven").exit()).isEqualTo(2);
        assertThat(run("incidents", "ok.yaml").exit()).isNotEqualTo(2);
        assertThat(run("frobnicate").exit()).isEqualTo(2);
        assertThat(run().exit()).isEqualTo(2);
    }

    @Test
    void unknownIdsSayWhatToTypeInstead() throws Exception {
        Launch.Outcome p = run("run", "ok.yaml", "--procedure", "morning-chek");
        assertThat(p.exit()).isEqualTo(3);
        assertThat(p.err()).contains("did you mean 'morning-check'?");
        assertThat(run("run", "ok.yaml", "--check", "dsik").err()).contains("did you mean 'disk'?");
        assertThat(run("run", "ok.yaml", "--check", "dsik").exit()).isEqualTo(3);
        assertThat(run("plan", "ok.yaml", "--procedure", "nope").exit()).isEqualTo(1);
        assertThat(run("history", "ok.yaml", "--check", "nope").exit()).isEqualTo(1);
    }

    @Test
    void unwritableStoreWarnsAndStillExitsWithTheStatus() throws Exception {
        Launch.Outcome o = run("run", "unwritable.yaml");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains("warning");
        assertThat(o.out()).contains("Result: WARNING");
    }

    @Test
    void planShowsSchedulesThresholdsAndRemediations() throws Exception {
        Launch.Outcome o = run("plan", "ok.yaml");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("Morning Check", "schedule: daily 09:00 — next: ", "+09:00",
                "used: warning at or above 80%, critical at or above 90%", "depends on health");
        Launch.Outcome r = run("plan", "recovers.yaml");
        assertThat(r.out()).contains("on CRITICAL", "1. restart-estimator", "3. recheck health", "4. escalate P1",
                "CRITICAL opens a P1 incident");
    }

    @Test
    void historyJsonHasTheContractShape() throws Exception {
        Launch.Outcome o = run("history", "ok.yaml", "--format", "json", "--since", "1d");
        assertThat(o.exit()).isZero();
        JsonNode root = new ObjectMapper().readTree(o.out());
        assertThat(names(root)).containsExactly("results");
    }

    @Test
    void helpVersionCompletionAndStubs() throws Exception {
        assertThat(run("--help").out()).contains("validate", "plan", "run", "history", "incidents", "demo", "completion", "docs",
                "test", "drill");
        assertThat(run("run", "--help").out()).contains("--procedure", "--dry-run", "--no-actions", "--format", "--output");
        assertThat(run("--version").out()).startsWith("runbook ");
        assertThat(run("completion").out()).contains("complete -F");
        assertThat(run("daemon", "--help").out()).contains("--listen", "--run-now", "loopback", "not replayed");
        // `test` is no longer a stub: without case files beside the runbook it says so and exits 1 (§9)
        Launch.Outcome noCases = run("test", "ok.yaml");
        assertThat(noCases.exit()).isEqualTo(1);
        assertThat(noCases.err()).contains("no test cases");
        for (String verb : List.of("report", "note")) {
            Launch.Outcome o = run(verb, "ok.yaml");
            assertThat(o.exit()).as(verb + " without its second argument").isEqualTo(2);
            assertThat(o.err()).as(verb).contains("Missing required parameter");
        }
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    static JsonNode find(JsonNode root, String check) {
        for (JsonNode r : root.get("results")) {
            if (r.get("check").asText().equals(check)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + check + " in " + root);
    }
}

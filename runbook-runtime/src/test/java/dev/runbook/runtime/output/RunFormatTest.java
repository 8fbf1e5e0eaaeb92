package dev.runbook.runtime.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.core.Pending;
import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.escalation.Incident;
import dev.runbook.core.quantity.Unit;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The formats on results built by hand: the contract's details that a real run rarely shows. */
class RunFormatTest {
    static final Instant AT = Instant.parse("2026-11-28T00:00:00Z");

    static CheckRun result(String id, Status status, Status first, Double value, Unit unit, String message,
                           Map<String, Double> metrics, Pending pending, boolean skipped, boolean waived,
                           boolean maintenance, List<ActionRun> actions) {
        return new CheckRun(id, "http", "Title <" + id + "> & \"quoted\"", status, first, value, unit, message, metrics,
                Duration.ofMillis(3), pending, skipped, waived, maintenance, false, Map.of(), actions, AT);
    }

    static RunResult run() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("latency", Double.NaN);
        m.put("status_code", 503.0);
        List<CheckRun> results = List.of(
                result("health", Status.CRITICAL, Status.CRITICAL, null, Unit.SECONDS, "connection refused: 127.0.0.1:8100",
                        Map.of(), null, false, false, false,
                        List.of(new ActionRun("restart-estimator", Outcome.FAILED, "Job for estimator.service failed", null),
                                new ActionRun("escalate P1", Outcome.DONE, "incident #7 P1 opened", null))),
                result("errors", Status.OK, Status.OK, 2.0, Unit.COUNT, "2 errors", Map.of("entries", 2.0),
                        new Pending(1, 3, AT, null, Status.WARNING), false, false, false, List.of()),
                result("odd", Status.UNKNOWN, Status.UNKNOWN, null, null, "weird \"label\"\nline", m, null, false, false, true,
                        List.of()));
        List<StepRun> steps = List.of(new StepRun(1, "health", "checks", null, null, "", Duration.ZERO),
                new StepRun(2, "Notify users", "manual", Status.UNKNOWN, Outcome.SKIPPED, "not confirmed", Duration.ZERO));
        return new RunResult("ai-estimator", "morning-check", Status.CRITICAL,
                ZonedDateTime.ofInstant(AT, ZoneId.of("Asia/Tokyo")), Duration.ofMillis(31240), "alice", results, steps,
                List.of(new Incident(7, "P1", null, "health", Incident.State.OPEN, AT, null, null, List.of())), false, null);
    }

    @Test
    void jsonWritesNullsPendingCountsAndLowerCaseWords() throws Exception {
        JsonNode root = new ObjectMapper().readTree(RunJson.render(run()));
        assertThat(root.get("started_at").asText()).isEqualTo("2026-11-28T09:00:00+09:00");
        assertThat(root.get("duration_ms").asLong()).isEqualTo(31240);
        JsonNode health = root.get("results").get(0);
        assertThat(health.get("value").isNull()).isTrue();
        assertThat(health.get("unit").asText()).isEqualTo("s");
        assertThat(health.get("pending").isNull()).isTrue();
        assertThat(health.get("actions").get(0).get("outcome").asText()).isEqualTo("failed");
        JsonNode errors = root.get("results").get(1);
        assertThat(errors.get("unit").isNull()).isTrue();
        assertThat(errors.get("pending").get("count").asInt()).isEqualTo(1);
        assertThat(errors.get("pending").get("of").asInt()).isEqualTo(3);
        assertThat(root.get("results").get(2).get("metrics").get("latency").isNull()).isTrue();
        assertThat(root.get("incidents").get(0).get("state").asText()).isEqualTo("open");
        assertThat(root.get("incidents").get(0).get("id").asLong()).isEqualTo(7);
    }

    @Test
    void junitEscapesAndCountsStepsAndMaintenance() throws Exception {
        String xml = RunJunit.render(run());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = d.getElementsByTagName("testsuite").item(0).getAttributes();
        assertThat(suite.getNamedItem("tests").getNodeValue()).isEqualTo("4");
        assertThat(suite.getNamedItem("failures").getNodeValue()).isEqualTo("1");
        assertThat(suite.getNamedItem("errors").getNodeValue()).isEqualTo("1");
        assertThat(suite.getNamedItem("skipped").getNodeValue()).isEqualTo("1");
    }

    @Test
    void prometheusEscapesLabelsAndWritesNaN() {
        String text = RunPrometheus.render(run(), null);
        assertThat(text).contains("runbook_check_status{runbook=\"ai-estimator\",check=\"health\"} 2",
                "runbook_check_status{runbook=\"ai-estimator\",check=\"odd\"} 3",
                "runbook_check_value{runbook=\"ai-estimator\",check=\"odd\",metric=\"latency\",unit=\"\"} NaN",
                "runbook_check_duration_seconds{runbook=\"ai-estimator\",check=\"health\"} 0.003");
        assertThat(text).doesNotContain("counter");
    }

    @Test
    void nagiosCountsTheManualStepAsUnknown() {
        // 1.1: the first line names the failing check and step, worst first; the long output gives their messages
        assertThat(RunNagios.render(run(), null)).startsWith("RUNBOOK CRITICAL - health CRITICAL, step 2 Notify users"
                        + " UNKNOWN | ")
                .contains("'odd.status_code'=503;;").doesNotContain("NaN").endsWith("\n")
                .contains("\nhealth CRITICAL: connection refused: 127.0.0.1:8100\nstep 2 Notify users UNKNOWN: not confirmed\n");
    }

    @Test
    void tapSkipsMaintenanceAndListsTheStep() {
        String tap = RunTap.render(run());
        assertThat(tap).contains("1..4", "not ok 1 - health: CRITICAL", "ok 3 - odd: UNKNOWN weird \"label\" line # SKIP maintenance",
                "not ok 4 - step 2 Notify users: UNKNOWN not confirmed");
    }

    @Test
    void textShowsActionsPendingAndIncidentsAndIsPlainWithoutColour() {
        String text = RunFormat.TEXT.render(run(), null, Style.PLAIN);
        assertThat(text).contains("-> restart-estimator: failed — Job for estimator.service failed",
                "pending WARNING: 1 of 3 runs", "maintenance, not counted", "Incident #7 P1 health open",
                "Operator: alice").doesNotContain("\u001b[");
        assertThat(RunFormat.TEXT.render(run(), null, Style.ANSI)).contains("\u001b[1;31mCRITICAL\u001b[0m");
    }
}

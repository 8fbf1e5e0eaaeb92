package dev.runbook.runtime.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.quantity.Unit;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;

/**
 * runbook-format §9 [1.1] on results built by hand: the nagios first line names the failing checks worst first and
 * stays under NRPE's 1 KB, junit is valid against Jenkins' junit-10.xsd, prometheus has the last-run timestamp.
 */
class PluginOutputsTest {
    static final Instant AT = Instant.parse("2026-11-28T00:00:00Z");

    static CheckRun check(String id, Status s, String message, boolean skipped) {
        return new CheckRun(id, "http", null, s, s, 1.5, Unit.SECONDS, message, Map.of("latency", 1.5),
                Duration.ofMillis(4), null, skipped, false, false, false, Map.of(), List.of(), AT);
    }

    static RunResult run(List<CheckRun> results) {
        Status worst = Status.worst(results.stream().filter(CheckRun::counted).map(CheckRun::status).toList());
        return new RunResult("ops", "watch", worst, ZonedDateTime.ofInstant(AT, ZoneOffset.UTC), Duration.ofSeconds(2),
                null, results, List.of(), List.of(), false, null);
    }

    @Test
    void nagiosNamesTheFailingChecksWorstFirstWithTheirMessagesAfter() {
        String out = RunNagios.render(run(List.of(check("disk", Status.WARNING, "/ 85% used", false),
                check("health", Status.CRITICAL, "connection refused | port 8100", false),
                check("api", Status.UNKNOWN, "timed out", false), check("cpu", Status.OK, "12%", false))), null);
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("RUNBOOK CRITICAL - health CRITICAL, api UNKNOWN, disk WARNING | ")
                .contains("'cpu.latency'=1.5s;;");
        assertThat(lines.subList(1, lines.size())).containsExactly("health CRITICAL: connection refused / port 8100",
                "api UNKNOWN: timed out", "disk WARNING: / 85% used");
    }

    @Test
    void nagiosAllOkCountsTheChecks() {
        String out = RunNagios.render(run(List.of(check("a", Status.OK, "fine", false),
                check("b", Status.OK, "fine", false), check("c", Status.CRITICAL, "skipped", true))), null);
        assertThat(out).startsWith("RUNBOOK OK - 2 checks OK | 'a.latency'=1.5s;; 'b.latency'=1.5s;;");
        assertThat(out.lines().count()).isEqualTo(1);
    }

    @Test
    void nagiosFirstLineStaysUnderOneKilobyteAndPerfdataMovesToTheLongOutput() {
        List<CheckRun> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(check("a-rather-long-check-name-" + i, i % 2 == 0 ? Status.CRITICAL : Status.WARNING,
                    "message " + i, false));
        }
        String out = RunNagios.render(run(many), null);
        List<String> lines = out.lines().toList();
        String first = lines.get(0);
        assertThat((first + "\n").getBytes(StandardCharsets.UTF_8).length).isLessThan(RunNagios.FIRST_LINE_LIMIT);
        assertThat(first).startsWith("RUNBOOK CRITICAL - a-rather-long-check-name-0 CRITICAL, ")
                .containsPattern(", and \\d+ more$").doesNotContain("|");
        // every failing check still has its long-output line; the perfdata closes the output after a "|"
        assertThat(lines).hasSize(1 + 60 + 1);
        assertThat(lines.get(lines.size() - 1)).startsWith("| 'a-rather-long-check-name-0.latency'=1.5s;;")
                .contains("'a-rather-long-check-name-59.latency'");
    }

    @Test
    void junitIsValidAgainstJenkinsJunit10Schema() throws Exception {
        String xml = RunJunit.render(run(List.of(check("health", Status.CRITICAL, "refused <&>", false),
                check("api", Status.UNKNOWN, "timed out", false), check("cpu", Status.OK, "12%", false),
                check("old", Status.WARNING, "skipped", true))));
        Validator v = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(PluginOutputsTest.class.getResource("/jenkins/junit-10.xsd")).newValidator();
        v.validate(new StreamSource(new StringReader(xml)));   // throws SAXException when invalid
        assertThat(xml).contains("<testsuite name=\"ops.watch\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\"");
        // and the hand-built run with steps, actions and maintenance
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(PluginOutputsTest.class.getResource("/jenkins/junit-10.xsd")).newValidator()
                .validate(new StreamSource(new StringReader(RunJunit.render(RunFormatTest.run()))));
    }

    @Test
    void prometheusHasTheLastRunTimestampOfEachCheck() {
        String text = RunPrometheus.render(run(List.of(check("health", Status.OK, "fine", false))), null);
        assertThat(text).contains("# TYPE runbook_check_last_run_timestamp_seconds gauge\n",
                "runbook_check_last_run_timestamp_seconds{runbook=\"ops\",check=\"health\"} " + AT.getEpochSecond()
                        + "\n");
    }
}

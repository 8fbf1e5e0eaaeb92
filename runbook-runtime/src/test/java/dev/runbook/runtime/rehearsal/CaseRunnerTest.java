package dev.runbook.runtime.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.spi.TypeRegistry;
import dev.runbook.runtime.rehearsal.CaseReport.CaseOutcome;
import dev.runbook.runtime.rehearsal.CaseReport.Failure;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook test}'s runner against a small YAML runbook with real types: cases replayed through the real
 * engine, store, incidents and outbox, on a fake clock, with nothing executed; failures located at their
 * expectation's line; the junit output valid against Jenkins' junit-10.xsd.
 */
class CaseRunnerTest {
    static final String RUNBOOK = """
            runbook: mini
            version: 1
            timezone: Asia/Tokyo
            checks:
              disk: { type: disk, path: /, warning: 80%, critical: 90%, on_warning: cleanup, on_critical: cleanup }
              web: { type: http, url: "http://127.0.0.1:9/health", critical: 5s, incident: P1 }
            actions:
              tidy: { type: command, run: [touch, "TOUCHED"] }
            remediations:
              cleanup: [ tidy, { recheck: disk }, { escalate: P2 } ]
            escalation:
              levels:
                P1: { respond: 0m, notify: [boss], then: [ { after: 30m, notify: [chief] } ] }
                P2: { respond: 30m, notify: [boss] }
              contacts:
                boss: { via: log }
                chief: { via: log }
            notifiers:
              log: { type: log }
            procedures:
              daily: { steps: [disk, web] }
            """;

    @TempDir
    Path dir;
    Path runbook;
    Path touched;

    @BeforeEach
    void writeRunbook() throws Exception {
        touched = dir.resolve("touched-by-tidy");
        runbook = dir.resolve("mini.yaml");
        Files.writeString(runbook, RUNBOOK.replace("TOUCHED", touched.toString()));
    }

    private CaseReport run(String cases) throws Exception {
        Path f = dir.resolve("mini.test.yaml");
        Files.writeString(f, cases);
        return CaseRunner.of(runbook, TypeRegistry.load(), Map.of()).run(List.of(f));
    }

    @Test
    void aPassingCaseReplaysGivenResultsAndExecutesNothing() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: disk recovers after tidying
                    at: 2026-12-07T09:00:00+09:00
                    run: { procedure: daily }
                    given:
                      disk: [ { used: 85% }, { used: 60% } ]
                    expect:
                      status: OK
                      checks: { disk: { status: OK, first_status: WARNING }, web: { status: OK } }
                      actions: [tidy, recheck disk]
                      incidents: []
                      notifications: [ { to: boss, count: 0 } ]
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.cases()).singleElement().satisfies(c -> assertThat(c.failures()).isEmpty());
        assertThat(r.passed()).isTrue();
        assertThat(r.exitCode()).isZero();
        assertThat(touched).as("the command action was not run").doesNotExist();
    }

    @Test
    void aFailingExpectationSaysExpectedActualAndTheCaseFileLine() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: wrong on purpose
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [disk] }
                    given:
                      disk: [ { used: 95% } ]
                    expect:
                      status: OK
                      actions: [tidy]
                      incidents: [ { level: P1, checks: [disk] } ]
                """);
        assertThat(r.passed()).isFalse();
        assertThat(r.exitCode()).isEqualTo(1);
        CaseOutcome c = r.cases().get(0);
        Path f = dir.resolve("mini.test.yaml");
        assertThat(c.failures()).extracting(x -> x.where().line()).containsExactly(8, 9, 10);
        Failure status = c.failures().get(0);
        assertThat(status.where().file()).isEqualTo(f);
        assertThat(status.expected()).isEqualTo("OK");
        assertThat(status.actual()).startsWith("CRITICAL");
        assertThat(c.failures().get(1).actual()).isEqualTo("[tidy, recheck disk, escalate P2]");
        assertThat(c.failures().get(2).expected()).isEqualTo("P1 [disk]");
        assertThat(c.failures().get(2).actual()).isEqualTo("P2 [disk] open");
        String text = CaseFormat.TEXT.render(r);
        assertThat(text).contains("FAIL  wrong on purpose", f + ":8: status", "expected: OK", "actual:   CRITICAL",
                "1 case, 0 passed, 1 failed");
    }

    @Test
    void thenMovesTheFakeClockToTheEscalationAndARerunResolves() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: web down pages boss now and chief after 30 minutes
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [web] }
                    given: { web: { status: CRITICAL, message: refused } }
                    expect:
                      incidents: [ { level: P1, checks: [web], state: open } ]
                      notifications: [ { to: boss, subject_contains: "[P1]" }, { to: chief, count: 0 } ]
                    then:
                      - after: 29m
                        expect: { notifications: [ { to: chief, count: 0 } ] }
                      - after: 31m
                        expect: { notifications: [ { to: chief, kind: incident } ] }
                      - after: 40m
                        given: { web: { status: OK } }
                        expect:
                          status: OK
                          incidents: [ { level: P1, checks: [web], state: resolved } ]
                          notifications: [ { to: boss, kind: recovery } ]
                """);
        assertThat(r.cases().get(0).failures()).isEmpty();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void theEscalationMissingAtThirtyMinutesIsCaught() throws Exception {
        Files.writeString(runbook, RUNBOOK.replace("TOUCHED", touched.toString()).replace(", then: [ { after: 30m, notify: [chief] } ]", ""));
        CaseReport r = run("""
                tests:
                  - name: chief after 30 minutes
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [web] }
                    given: { web: { status: CRITICAL } }
                    then:
                      - after: 31m
                        expect: { notifications: [ { to: chief } ] }
                """);
        assertThat(r.cases().get(0).failures()).singleElement().satisfies(f -> {
            assertThat(f.where().line()).isEqualTo(8);
            assertThat(f.expected()).isEqualTo("a notification to chief");
            assertThat(f.actual()).isEqualTo("no notification");
        });
    }

    @Test
    void unknownChecksMetricsAndKeysAreLocatedWithSuggestions() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: typos
                    at: 2026-12-07T09:00:00+09:00
                    run: { procedure: dayly }
                    given:
                      dsk: { used: 85% }
                      disk: { usd: 85% }
                    expect:
                      statuss: OK
                      notifications: [ { to: bos } ]
                """);
        assertThat(r.cases()).isEmpty();
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).extracting(Object::toString).containsExactly(
                dir.resolve("mini.test.yaml") + ":4:23: unknown procedure 'dayly' (did you mean 'daily'?)",
                dir.resolve("mini.test.yaml") + ":6:7: unknown check 'dsk' (did you mean 'disk'?)",
                dir.resolve("mini.test.yaml") + ":7:15: check 'disk' (type disk) has no metric 'usd' (did you mean 'used'?)",
                dir.resolve("mini.test.yaml") + ":9:7: unknown key 'statuss' in expect (did you mean 'status'?)",
                dir.resolve("mini.test.yaml") + ":10:30: unknown contact or notifier 'bos' (did you mean 'boss'?)");
    }

    @Test
    void junitOutputValidatesAgainstJenkinsSchemaWithPassesFailuresAndProblems() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: passes <with> "markup" & more
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [disk] }
                    expect: { status: OK }
                  - name: fails
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [disk] }
                    given: { disk: { used: 99% } }
                    expect: { status: OK }
                """);
        String xml = CaseFormat.JUNIT.render(r);
        assertThat(xml).contains("<failure", "tests=\"2\"", "failures=\"1\"");
        validate(xml);
        Path bad = dir.resolve("bad.test.yaml");
        Files.writeString(bad, "tests:\n  - name: x\n    at: yesterday\n    run: { checks: [disk] }\n    expect: {}\n");
        CaseReport invalid = CaseRunner.of(runbook, TypeRegistry.load(), Map.of()).run(List.of(bad));
        String xml2 = CaseFormat.JUNIT.render(invalid);
        assertThat(xml2).contains("<error type=\"invalid\"");
        validate(xml2);
    }

    @Test
    void tapSaysOkAndNotOkPerCase() throws Exception {
        CaseReport r = run("""
                tests:
                  - name: ok one
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [disk] }
                    expect: { status: OK }
                  - name: "bad # one"
                    at: 2026-12-07T09:00:00+09:00
                    run: { checks: [disk] }
                    expect: { status: WARNING }
                """);
        assertThat(CaseFormat.TAP.render(r)).startsWith("TAP version 13\n1..2\nok 1 - ok one\nnot ok 2 - bad \\# one\n")
                .contains(":9: status: expected WARNING, actual OK");
    }

    static void validate(String xml) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Validator v = f.newSchema(CaseRunnerTest.class.getResource("/jenkins/junit-10.xsd")).newValidator();
        v.validate(new StreamSource(new StringReader(xml)));
    }
}

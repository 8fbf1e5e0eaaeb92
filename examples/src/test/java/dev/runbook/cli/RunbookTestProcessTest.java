package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook test} through the launcher, in a separate process, on the seed runbook and the cases it ships
 * ({@code examples/ai-estimator/*.test.yaml}): they pass; the junit output validates against Jenkins' junit-10.xsd;
 * and five mutated copies of the seed — a wrong threshold, a removed recheck, a wrong escalation level, a wrong
 * contact, a missing {@code then} — are each caught with the expected message at the expected case line.
 */
class RunbookTestProcessTest {
    @TempDir
    static Path dir;
    static Launch launcher;
    static Path seed;

    @BeforeAll
    static void setUp() {
        launcher = Launch.plain(dir.resolve("xdg"));
        seed = Path.of("ai-estimator").toAbsolutePath();
    }

    private static Launch.Outcome run(String... args) throws Exception {
        return launcher.run(dir, args);
    }

    @Test
    void theSeedsCasesPassThroughTheLauncher() throws Exception {
        Launch.Outcome o = run("test", seed.resolve("runbook.yaml").toString());
        assertThat(o.err()).doesNotContain("error");
        List<String> lines = o.out().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("PASS  ") || l.startsWith("FAIL  ")))
                .as("every shipped case ran").hasSize(8);
        // every case passes, the P1 one too: one restart, one incident for the outage (issue 13 has landed)
        assertThat(lines).noneMatch(l -> l.startsWith("FAIL  "));
        assertThat(o.exit()).as(o.out()).isZero();
        assertThat(o.out()).contains("8 cases, 8 passed, 0 failed");
        assertThat(o.out()).contains("PASS  disk at 85% is cleaned up and recovers",
                "PASS  certificate with 20 days left is renewed, Apache reloaded, and the recheck is OK",
                "PASS  a burst of failed logins goes to the security manager at once",
                "PASS  estimator down means one restart, a recheck, one P1, the infra manager at once and the CTO",
                "PASS  planned maintenance pauses at its first manual step and runs nothing after it");
    }

    @Test
    void junitOutputOfTheSeedsCasesValidatesAgainstJenkinsSchema() throws Exception {
        Launch.Outcome o = run("test", seed.resolve("runbook.yaml").toString(), "--format", "junit");
        assertThat(o.out()).startsWith("<?xml").contains("<testcase name=\"disk at 85% is cleaned up and recovers\"");
        Path xsd = Path.of("..", "runbook-runtime", "src", "test", "resources", "jenkins", "junit-10.xsd");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile()).newValidator()
                .validate(new StreamSource(new StringReader(o.out())));
        Launch.Outcome tap = run("test", seed.resolve("runbook.yaml").toString(), seed.resolve("disk.test.yaml").toString(),
                "--format", "tap");
        assertThat(tap.exit()).isZero();
        assertThat(tap.out()).startsWith("TAP version 13\n1..2\nok 1 - disk at 85% is cleaned up and recovers\n");
        assertThat(run("test", seed.resolve("runbook.yaml").toString(), "--format", "yaml").exit()).isEqualTo(2);
    }

    @Test
    void aWrongThresholdIsCaught() throws Exception {
        Launch.Outcome o = mutated("runbook.yaml", "    warning: 80%\n    critical: 90%\n    on_warning: disk-cleanup",
                "    warning: 88%\n    critical: 90%\n    on_warning: disk-cleanup", "disk.test.yaml");
        assertThat(o.out()).contains("FAIL  disk at 85% is cleaned up and recovers",
                "disk.test.yaml:12: checks.disk.first_status\n    expected: WARNING\n    actual:   OK");
    }

    @Test
    void aRemovedRecheckIsCaught() throws Exception {
        Launch.Outcome o = mutated("runbook.yaml", "    - cleanup-backups\n    - { recheck: disk }\n",
                "    - cleanup-backups\n", "disk.test.yaml");
        assertThat(o.out()).contains("disk.test.yaml:13: actions\n"
                + "    expected: [vacuum-journal, cleanup-uploads, cleanup-backups, recheck disk]\n"
                + "    actual:   [vacuum-journal, cleanup-uploads, cleanup-backups, escalate P3]");
    }

    @Test
    void aWrongEscalationLevelIsCaught() throws Exception {
        Launch.Outcome o = mutated("runbook.yaml", "    - { recheck: disk }\n    - { escalate: P3 }",
                "    - { recheck: disk }\n    - { escalate: P4 }", "disk.test.yaml");
        assertThat(o.out()).contains("FAIL  disk still at 92% after the clean-up opens a P3",
                "disk.test.yaml:26: incidents\n    expected: P3 [disk]\n    actual:   P4 [disk] open");
    }

    @Test
    void aWrongContactIsCaught() throws Exception {
        Launch.Outcome o = mutated("escalation.yaml", "{ category: security, notify: [security-manager] }",
                "{ category: security, notify: [ops] }", "security.test.yaml");
        assertThat(o.out()).contains("FAIL  a burst of failed logins goes to the security manager at once",
                "security.test.yaml:14: notifications\n    expected: a notification to security-manager with a subject"
                        + " containing \"failed-logins\"\n    actual:   0 matching, of: ");
    }

    @Test
    void aMissingThenIsCaught() throws Exception {
        Launch.Outcome o = mutated("escalation.yaml",
                "      then:\n        - { after: 30m, notify: [cto, developer-manager] }      # P1 not recovered within 30 min\n",
                "", "p1.test.yaml");
        assertThat(o.out()).contains("p1.test.yaml:27: notifications\n    expected: a notification to cto with a "
                + "subject containing \"P1\"\n    actual:   ");
    }

    @Test
    void anUngatedMaintenanceIsCaught() throws Exception {
        String gate = "{ manual: \"One week before: notify users of the date, duration and impact (Slack/Email)\" }";
        String plain = "{ manual: \"One week before: notify users of the date, duration and impact (Slack/Email)\","
                + " gate: false }";
        Launch.Outcome o = mutated("runbook.yaml", gate, plain, "maintenance.test.yaml");
        assertThat(o.out()).contains("FAIL  planned maintenance pauses at its first manual step",
                "maintenance.test.yaml:9: paused_at\n    expected: paused at \"One week before: notify users",
                "    actual:   paused at step 2 \"Write the maintenance steps and confirm the rollback procedure\"");
    }

    @Test
    void aPauseAtAStepThatIsNoManualStepIsALocatedError() throws Exception {
        Path cases = dir.resolve("pause.test.yaml");
        Files.writeString(cases, String.join("\n",
                "tests:",
                "  - name: pauses at a step nobody wrote",
                "    at: 2026-12-12T22:00:00+09:00",
                "    run: { procedure: planned-maintenance }",
                "    expect:",
                "      paused_at: \"Display the maintenance page\"",
                ""));
        Launch.Outcome o = run("test", seed.resolve("runbook.yaml").toString(), cases.toString());
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out() + o.err()).contains("pause.test.yaml:6:",
                "paused_at: no procedure has a manual step titled 'Display the maintenance page'",
                "Display the maintenance page (Apache) or a 503 page");
    }

    /** Copies the seed with one text replaced (which must be there), runs one case file against it, expects exit 1. */
    private static Launch.Outcome mutated(String file, String from, String to, String cases) throws Exception {
        Path copy = Files.createTempDirectory(dir, "mutant-");
        try (Stream<Path> s = Files.list(seed)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }
        Path target = copy.resolve(file);
        String text = Files.readString(target);
        assertThat(text).as("the mutation's text is in the seed's " + file).contains(from);
        Files.writeString(target, text.replace(from, to));
        Launch.Outcome o = run("test", copy.resolve("runbook.yaml").toString(), copy.resolve(cases).toString());
        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL  ");
        return o;
    }

}

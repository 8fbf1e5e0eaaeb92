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
    /**
     * The seed's P1 case asserts the 1.1 contract (one outage: one restart, one incident), which the engine gives
     * once issue 13 ("one incident per outage", "a shared action runs once") is merged. Until then these failure
     * lines, and only these, are allowed in that one case; once it passes, nothing is allowed.
     */
    static final List<String> AWAITING_ISSUE_13 = List.of("actions.times.restart-estimator",
            "actions.times.restart-httpd", "incidents");
    static final String P1_CASE = "estimator down means one restart";

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
                .as("every shipped case ran").hasSize(7);
        for (String l : lines) {
            if (l.startsWith("FAIL  ")) {
                assertThat(l).as("only the P1 case may fail, and only on issue 13's promises").contains(P1_CASE);
            }
        }
        boolean p1Failed = lines.stream().anyMatch(l -> l.startsWith("FAIL  ") && l.contains(P1_CASE));
        if (p1Failed) {
            List<String> what = lines.stream().filter(l -> l.matches("  \\S+p1\\.test\\.yaml:\\d+: .*"))
                    .map(l -> l.substring(l.indexOf(": ") + 2)).toList();
            assertThat(what).isNotEmpty().allSatisfy(w -> assertThat(AWAITING_ISSUE_13).contains(w));
            assertThat(o.exit()).isEqualTo(1);
        } else {
            assertThat(o.exit()).isZero();
            assertThat(o.out()).contains("7 cases, 7 passed, 0 failed");
        }
        assertThat(o.out()).contains("PASS  disk at 85% is cleaned up and recovers",
                "PASS  certificate with 20 days left is renewed, Apache reloaded, and the recheck is OK",
                "PASS  a burst of failed logins goes to the security manager at once");
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

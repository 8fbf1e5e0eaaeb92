package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.Engine;
import dev.runbook.core.engine.RunRequest;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import dev.runbook.core.spi.TypeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Substituted values in {@code shell:} are data, never script text (runbook-format §3): the runbook is loaded with
 * the real types and run by the engine; the values an attacker controls try to run {@code touch pwned}.
 */
class ShellSubstitutionTest {
    /** Closes a double quote, runs touch, reopens it; and the same for single quotes and command substitution. */
    static final String PAYLOAD = "x\"; touch pwned; echo \"";
    static final String PAYLOAD2 = "y'; touch pwned2; echo '$(touch pwned3)`touch pwned4`";

    @TempDir
    Path dir;

    final Map<String, String> env = new HashMap<>();

    private RunResult run(String yaml, RunRequest request) throws Exception {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, yaml);
        LoadResult r = new RunbookLoader(TypeRegistry.load(), env, Clock.systemUTC()).load(f);
        assertThat(r.errors()).isEmpty();
        try (Engine engine = Engine.builder().build()) {
            return engine.run(r.runbook(), request);
        }
    }

    private void assertNothingInjected() {
        for (String marker : List.of("pwned", "pwned2", "pwned3", "pwned4")) {
            assertThat(dir.resolve(marker)).as(marker).doesNotExist();
        }
    }

    @Test
    void envVarsAndSecretsReachAShellCheckAsData() throws Exception {
        env.put("WHO", PAYLOAD);
        env.put("PASS", PAYLOAD2);
        RunResult r = run("""
                runbook: demo
                version: 1
                vars: { who: "${env:WHO}", other: "${env:NOPE:-${env:WHO}}" }
                secrets: { pass: "${env:PASS}" }
                checks:
                  greet:
                    type: command
                    cwd: .
                    shell: |
                      echo "double: ${who}" > out
                      echo plain: ${env:WHO} >> out
                      echo 'single: ${other}' >> out
                      echo "secret: $(echo '${secret:pass}')" >> out
                      echo '$${HOME} stays for the shell' >> out
                """, RunRequest.allChecks());
        CheckRun greet = r.results().get(0);
        assertThat(greet.status()).as(greet.message()).isEqualTo(Status.OK);
        assertNothingInjected();
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly("double: " + PAYLOAD, "plain: " + PAYLOAD,
                "single: " + PAYLOAD, "secret: " + PAYLOAD2, "${HOME} stays for the shell");
    }

    @Test
    void aCapturedValueAndAVarHoldingAReferenceAreNeverExpandedAgain() throws Exception {
        env.put("WHO", "${captured.out}");
        RunResult r = run("""
                runbook: demo
                version: 1
                vars: { who: "${env:WHO}" }
                procedures:
                  p:
                    steps:
                      - { type: command, cwd: ., run: [printf, "%s", "x\\"; touch pwned; echo \\""], capture: out }
                      - type: command
                        cwd: .
                        shell: |
                          echo "${captured.out}" > out
                          echo "${who}" >> out
                          echo '$${captured.out}' >> out
                """, RunRequest.procedure("p"));
        assertThat(r.steps()).extracting(StepRun::outcome).containsExactly(Outcome.DONE, Outcome.DONE);
        assertNothingInjected();
        assertThat(Files.readAllLines(dir.resolve("out")))
                .containsExactly(PAYLOAD, "${captured.out}", "${captured.out}");
    }

    @Test
    void inArgvAndEnvAnEscapedReferenceAndAValueHoldingOneStayLiteral() throws Exception {
        env.put("WHO", "${captured.out}");
        RunResult r = run("""
                runbook: demo
                version: 1
                vars: { who: "${env:WHO}" }
                procedures:
                  p:
                    steps:
                      - { type: command, run: [printf, "%s", "captured-value"], capture: out }
                      - type: command
                        cwd: .
                        env: { FROM_ENV: "${who}|$${captured.out}|${captured.out}" }
                        run: [sh, -c, 'printf "%s|%s|%s|%s\\n" "$1" "$2" "$3" "$FROM_ENV" > out', sh,
                              "$${captured.out}", "${who}", "${captured.out}"]
                """, RunRequest.procedure("p"));
        assertThat(r.steps()).extracting(StepRun::outcome).containsExactly(Outcome.DONE, Outcome.DONE);
        assertThat(Files.readAllLines(dir.resolve("out"))).containsExactly(
                "${captured.out}|${captured.out}|captured-value|${captured.out}|${captured.out}|captured-value");
    }
}

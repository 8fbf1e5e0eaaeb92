package dev.runbook.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.model.Procedure;
import dev.runbook.core.model.Step;
import dev.runbook.core.model.StepCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The procedures section reads {@code gate}, {@code when} and {@code pause_timeout} (runbook-format §6 [1.1]). */
class GatesLoaderTest {
    @TempDir
    Path dir;

    static final String HEAD = """
            runbook: demo
            version: 1
            checks:
              health: { type: http, url: "http://127.0.0.1:1/health" }
              services: { type: http, url: "http://127.0.0.1:1/" }
            actions:
              restart: { type: command, run: [/bin/true] }
            """;

    LoadResult load(String yaml) throws IOException {
        Path f = dir.resolve("runbook.yaml");
        Files.writeString(f, HEAD + yaml);
        return new RunbookLoader(FakeTypes.registry(), Map.of(), Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"),
                ZoneOffset.UTC)).load(f);
    }

    List<String> errors(String yaml) throws IOException {
        LoadResult r = load(yaml);
        assertThat(r.isValid()).as("expected errors").isFalse();
        return r.errors().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void readsGatesChecklistLinesConditionsAndThePauseTimeout() throws IOException {
        LoadResult r = load("""
                procedures:
                  p1:
                    pause_timeout: 2h
                    steps:
                      - health
                      - { manual: "Display the maintenance page" }
                      - { manual: "Tell the team", gate: false }
                      - { action: restart, when: { not_ok: [health, services] } }
                      - { type: command, run: [/bin/echo, hi], when: { ok: [health] } }
                      - { title: Verify, checks: [services], when: { not_ok: health } }
                  p2:
                    steps: [ { manual: "Confirm" } ]
                """);
        assertThat(r.problems()).isEmpty();
        Procedure p = r.runbook().procedures().get("p1");
        assertThat(p.pauseTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(r.runbook().procedures().get("p2").pauseTimeout()).isEqualTo(Duration.ofHours(24));
        List<Step> s = p.steps();
        assertThat(s.get(1)).isEqualTo(new Step.Manual("Display the maintenance page", true));
        assertThat(s.get(2)).isEqualTo(new Step.Manual("Tell the team", false));
        assertThat(s.get(3)).isInstanceOfSatisfying(Step.When.class, w -> {
            assertThat(w.condition()).isEqualTo(StepCondition.notOk(List.of("health", "services")));
            assertThat(w.step()).isInstanceOfSatisfying(Step.Run.class, run ->
                    assertThat(run.action().id()).isEqualTo("restart"));
        });
        assertThat(s.get(4)).isInstanceOfSatisfying(Step.When.class, w -> {
            assertThat(w.condition().whenAllOk()).isTrue();
            assertThat(w.step()).isInstanceOf(Step.Run.class);
        });
        assertThat(s.get(5)).isInstanceOfSatisfying(Step.When.class, w ->
                assertThat(w.step()).isEqualTo(new Step.Checks(List.of("services"), "Verify")));
    }

    @Test
    void unknownChecksInWhenAndBadGatesArePointedAt() throws IOException {
        assertThat(errors("""
                procedures:
                  p:
                    pause_timeout: soon
                    steps:
                      - { action: restart, when: { not_ok: [helth] } }
                      - { action: restart, when: { sometimes: [health] } }
                      - { manual: "Confirm", gate: maybe }
                      - { wait: 10s, gate: false }
                      - { action: nothing }
                """)).containsExactly(
                "10:20: expected a duration such as 30s, 10m or 1.5h for procedure 'p' pause_timeout, found 'soon'");
        List<String> e = errors("""
                procedures:
                  p:
                    steps:
                      - { action: restart, when: { not_ok: [helth] } }
                      - { action: restart, when: { sometimes: [health] } }
                      - { manual: "Confirm", gate: maybe }
                      - { wait: 10s, gate: false }
                      - { action: nothing }
                """);
        assertThat(e).hasSize(5);
        assertThat(e.get(0)).startsWith("11:45: procedure 'p' when names unknown check 'helth'").contains("health");
        assertThat(e.get(1)).startsWith("12:34: procedure 'p': when expects {not_ok: [check ids]} or {ok: [check ids]}");
        assertThat(e.get(2)).isEqualTo("13:36: expected true or false for procedure 'p' gate, found 'maybe'");
        assertThat(e.get(3)).isEqualTo("14:22: procedure 'p': gate is only allowed on a {manual: ...} step");
        assertThat(e.get(4)).startsWith("15:19: procedure 'p': unknown action 'nothing'");
    }
}

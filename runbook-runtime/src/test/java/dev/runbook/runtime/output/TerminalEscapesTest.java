package dev.runbook.runtime.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.Status;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.engine.ActionRun;
import dev.runbook.core.engine.CheckRun;
import dev.runbook.core.engine.RunResult;
import dev.runbook.core.engine.StepRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Probe output and titles carrying terminal control sequences are shown, never obeyed, by {@code text} and {@code tap}. */
class TerminalEscapesTest {
    static final Instant AT = Instant.parse("2026-11-28T00:00:00Z");
    /** Sets the window title, clears the screen, rings the bell; then an 8-bit CSI. */
    static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u009b1m\u007f";

    static RunResult run() {
        CheckRun r = new CheckRun("health", "http", "Health " + HOSTILE, Status.CRITICAL, Status.CRITICAL, null, null,
                "probe said " + HOSTILE, Map.of(), Duration.ofMillis(3), null, false, false, false, false, Map.of(),
                List.of(new ActionRun("restart", Outcome.FAILED, "stderr: " + HOSTILE, null)), AT);
        List<StepRun> steps = List.of(new StepRun(2, "Notify " + HOSTILE, "manual", Status.UNKNOWN, Outcome.SKIPPED,
                "not confirmed " + HOSTILE, Duration.ZERO));
        return new RunResult("web", "morning-check", Status.CRITICAL, ZonedDateTime.ofInstant(AT, ZoneId.of("Asia/Tokyo")),
                Duration.ofMillis(5), "alice", List.of(r), steps, List.of(), false, null);
    }

    static void assertNoControlCharacters(String out) {
        assertThat(out.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c <= 0x9f))
                .as("control characters in:%n%s", out).isEmpty();
    }

    @Test
    void textShowsControlCharactersAsEscapes() {
        String out = RunFormat.TEXT.render(run(), null, Style.PLAIN);
        assertNoControlCharacters(out);
        assertThat(out).contains("probe said \\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b1m\\x7f")
                .contains("Health \\x1b]0;pwned").contains("stderr: \\x1b]0;pwned");
    }

    @Test
    void ansiTextKeepsItsOwnColoursButEscapesTheProbes() {
        String out = RunFormat.TEXT.render(run(), null, Style.ANSI);
        assertThat(out).contains("\u001b[1;31mCRITICAL\u001b[0m"); // our colour, on purpose
        assertThat(out).doesNotContain("\u001b]0;").doesNotContain("\u001b[2J").doesNotContain("\u0007")
                .doesNotContain("\u009b");
    }

    @Test
    void tapShowsControlCharactersAsEscapes() {
        String out = RunFormat.TAP.render(run(), null, Style.PLAIN);
        assertNoControlCharacters(out);
        assertThat(out).contains("not ok 1 - health: CRITICAL probe said \\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b1m\\x7f")
                .contains("step 2 Notify \\x1b]0;pwned");
    }

    @Test
    void plainTextIsLeftAlone() {
        assertThat(TerminalText.safe("disk / 85% used\n\tnext line — ok")).isEqualTo("disk / 85% used\n\tnext line — ok");
        assertThat(TerminalText.safe(null)).isNull();
    }

    @Test
    void nagiosUnknownLineIsOneSafeLine() {
        assertThat(RunNagios.unknown("ops.yaml is not valid: ops.yaml:5:11: unknown type 'dsik'\nmore | stuff\u001b[2J"))
                .isEqualTo("RUNBOOK UNKNOWN - ops.yaml is not valid: ops.yaml:5:11: unknown type 'dsik' more / stuff\\x1b[2J\n");
        assertThat(RunNagios.unknown("x".repeat(5000)).length()).isLessThanOrEqualTo(1001);
    }
}

package dev.runbook.checks.exec;

import dev.runbook.core.testing.TestActionContext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandActionTypeTest {

    @TempDir
    Path dir;

    private final CommandActionType type = new CommandActionType();

    @Test
    void capturesTrimmedStdoutAndExpandsItInLaterSteps() throws Exception {
        TestActionContext ctx = new TestActionContext();
        ActionResult first = type.create(new CommandActionType.Params(List.of("echo", "  abc123  "), null, null, null,
                "previous_commit"), TypeContext.defaults("a")).execute(ctx);
        assertThat(first.outcome()).isEqualTo(Outcome.DONE);
        assertThat(ctx.captured).containsEntry("previous_commit", "abc123");
        Path out = dir.resolve("out");
        ActionResult second = type.create(new CommandActionType.Params(null, "echo \"$REV ${captured.previous_commit}\" > " + out,
                Map.of("REV", "rev=${captured.previous_commit}"), null, null), TypeContext.defaults("b")).execute(ctx);
        assertThat(second.outcome()).isEqualTo(Outcome.DONE);
        assertThat(Files.readString(out)).isEqualTo("rev=abc123 abc123\n");
    }

    /** What an attacker would make a probe print: a value that closes a double quote and runs touch. */
    private static final String PAYLOAD = "x\"; touch pwned; echo \"";

    @Test
    void aCapturedValueReachesALaterShellStepAsDataNeverAsScript() throws Exception {
        TestActionContext ctx = new TestActionContext();
        ActionResult first = type.create(new CommandActionType.Params(List.of("printf", "%s", PAYLOAD + " 'q' $(id)"),
                null, null, dir.toString(), "who"), TypeContext.defaults("a")).execute(ctx);
        assertThat(first.outcome()).isEqualTo(Outcome.DONE);
        assertThat(ctx.captured).containsEntry("who", PAYLOAD + " 'q' $(id)");
        ActionResult second = type.create(new CommandActionType.Params(null, """
                echo "double: ${captured.who}" > out
                echo plain: ${captured.who} >> out
                echo 'single: ${captured.who}' >> out
                echo "sub: $(echo "${captured.who}")" >> out
                """, null, dir.toString(), null), TypeContext.defaults("b")).execute(ctx);
        assertThat(second.outcome()).as(second.message()).isEqualTo(Outcome.DONE);
        assertThat(dir.resolve("pwned")).doesNotExist();
        String v = PAYLOAD + " 'q' $(id)";
        assertThat(Files.readAllLines(dir.resolve("out")))
                .containsExactly("double: " + v, "plain: " + v, "single: " + v, "sub: " + v);
    }

    @Test
    void anEscapedCapturedReferenceStaysLiteralAndAValueIsNeverExpandedAgain() throws Exception {
        TestActionContext ctx = new TestActionContext();
        ctx.captured.put("a", "${captured.b}");
        ctx.captured.put("b", "secret-b");
        Path out = dir.resolve("out");
        ActionResult r = type.create(new CommandActionType.Params(null,
                "echo '$${captured.b}' \"${captured.a}\" > " + out, null, null, null), TypeContext.defaults("b"))
                .execute(ctx);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(Files.readString(out)).isEqualTo("${captured.b} ${captured.b}\n");
        Path argvOut = dir.resolve("argv");
        type.create(new CommandActionType.Params(List.of("sh", "-c", "printf %s \"$1\" > " + argvOut, "-",
                "$${captured.b}|${captured.a}"), null, null, null, null), TypeContext.defaults("c")).execute(ctx);
        assertThat(Files.readString(argvOut)).isEqualTo("${captured.b}|${captured.b}");
    }

    @Test
    void dryRunRunsNothingAndSaysWhatItWouldRun() throws Exception {
        Path marker = dir.resolve("marker");
        ActionResult r = type.create(new CommandActionType.Params(List.of("touch", marker.toString()), null, null, null,
                null), TypeContext.defaults("a")).execute(new TestActionContext().dryRun(true));
        assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.message()).isEqualTo("would run: touch " + marker);
        assertThat(marker).doesNotExist();
    }

    @Test
    void nonZeroExitFailsWithTheFirstLine() throws Exception {
        ActionResult r = type.create(new CommandActionType.Params(null, "echo 'deploy broke' >&2; exit 4", null, null, null),
                TypeContext.defaults("a")).execute(new TestActionContext());
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).isEqualTo("exit code 4: deploy broke");
    }

    @Test
    void timeoutKillsTheGroupAndReportsTimedOut() throws Exception {
        long start = System.nanoTime();
        ActionResult r = type.create(new CommandActionType.Params(null, "sleep 60 & sleep 60", null, null, null),
                TypeContext.defaults("a")).execute(new TestActionContext().timeout(Duration.ofMillis(300)));
        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
    }
}

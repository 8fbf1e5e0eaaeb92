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

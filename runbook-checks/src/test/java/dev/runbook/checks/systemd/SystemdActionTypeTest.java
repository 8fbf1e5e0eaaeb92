package dev.runbook.checks.systemd;

import dev.runbook.core.testing.TestActionContext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.core.action.ActionResult;
import dev.runbook.core.action.Outcome;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdActionTypeTest {

    @TempDir
    Path dir;

    private Path stub(String body) throws Exception {
        Path script = dir.resolve("systemctl");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private ActionResult run(Path systemctl, SystemdActionType.Verb verb, TestActionContext ctx) throws Exception {
        return new SystemdActionType().create(new SystemdActionType.Params("estimator", verb, systemctl.toString()),
                TypeContext.defaults("a")).execute(ctx);
    }

    @Test
    void restartsTheUnitWithOneSystemctlCall() throws Exception {
        Path stub = stub("exit 0");
        ActionResult r = run(stub, SystemdActionType.Verb.RESTART, new TestActionContext());
        assertThat(r.outcome()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).isEqualTo("estimator restarted");
        assertThat(Files.readAllLines(dir.resolve("calls"))).containsExactly("restart estimator");
    }

    @Test
    void failsWithSystemctlsReason() throws Exception {
        Path stub = stub("echo 'Job for estimator.service failed because the control process exited.' >&2; exit 1");
        ActionResult r = run(stub, SystemdActionType.Verb.START, new TestActionContext());
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("exit code 1").contains("Job for estimator.service failed");
    }

    @Test
    void dryRunCallsNothing() throws Exception {
        Path stub = stub("exit 0");
        ActionResult r = run(stub, SystemdActionType.Verb.STOP, new TestActionContext().dryRun(true));
        assertThat(r.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(r.message()).isEqualTo("would run: " + stub + " stop estimator");
        assertThat(dir.resolve("calls")).doesNotExist();
    }
}

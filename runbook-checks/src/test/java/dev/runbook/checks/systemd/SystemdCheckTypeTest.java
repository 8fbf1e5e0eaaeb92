package dev.runbook.checks.systemd;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdCheckTypeTest {

    @TempDir
    Path dir;

    private final SystemdCheckType type = new SystemdCheckType();

    /** A stub systemctl that records its arguments and prints {@code stdout} with exit code {@code exit}. */
    private Path stub(String stdout, String stderr, int exit) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Files.writeString(out, stdout);
        Path err = dir.resolve("stderr.txt");
        Files.writeString(err, stderr);
        Path script = dir.resolve("systemctl");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$@\" >> " + dir.resolve("calls") + "\n"
                + "cat " + out + "\n"
                + "cat " + err + " >&2\n"
                + "exit " + exit + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private CheckResult run(Path systemctl, String... units) throws Exception {
        return type.create(new SystemdCheckType.Params(List.of(units), systemctl.toString()), TypeContext.defaults("s"))
                .run(new TestCheckContext());
    }

    private static String block(String id, String load, String active, String sub) {
        return "Id=" + id + "\nLoadState=" + load + "\nActiveState=" + active + "\nSubState=" + sub + "\n";
    }

    @Test
    void reportsOkWhenAllUnitsActiveWithOneSystemctlCall() throws Exception {
        Path stub = stub(block("httpd.service", "loaded", "active", "running") + "\n"
                + block("estimator.service", "loaded", "active", "running"), "", 0);
        CheckResult r = run(stub, "httpd", "estimator");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.details().get("units")).isEqualTo(Map.of("httpd", "active (running)", "estimator", "active (running)"));
        assertThat(r.message()).isEqualTo("httpd active (running), estimator active (running)");
        assertThat(Files.readAllLines(dir.resolve("calls")))
                .containsExactly("show --property=Id,LoadState,ActiveState,SubState httpd estimator");
    }

    @Test
    void reportsCriticalWhenUnitFailed() throws Exception {
        Path stub = stub(block("httpd.service", "loaded", "active", "running") + "\n"
                + block("estimator.service", "loaded", "failed", "failed"), "", 0);
        CheckResult r = run(stub, "httpd", "estimator");
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.details().get("units")).isEqualTo(Map.of("httpd", "active (running)", "estimator", "failed (failed)"));
    }

    @Test
    void reportsCriticalWhenUnitInactiveOrNotFound() throws Exception {
        assertThat(run(stub(block("httpd.service", "loaded", "inactive", "dead"), "", 0), "httpd").status())
                .isEqualTo(Status.CRITICAL);
        CheckResult missing = run(stub(block("nosuch.service", "not-found", "inactive", "dead"), "", 0), "nosuch");
        assertThat(missing.status()).isEqualTo(Status.CRITICAL);
        assertThat(missing.details().get("units")).isEqualTo(Map.of("nosuch", "not-found"));
    }

    @Test
    void reportsWarningWhileActivatingOrReloading() throws Exception {
        assertThat(run(stub(block("httpd.service", "loaded", "activating", "start"), "", 0), "httpd").status())
                .isEqualTo(Status.WARNING);
        assertThat(run(stub(block("httpd.service", "loaded", "reloading", "reload"), "", 0), "httpd").status())
                .isEqualTo(Status.WARNING);
    }

    @Test
    void reportsUnknownWhenSystemdIsNotRunningJudgedFromTheAnswer() throws Exception {
        Path stub = stub("", "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
                + "Failed to connect to bus: Host is down\n", 1);
        CheckResult r = run(stub, "httpd");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("systemd is not running: System has not been booted with systemd");
    }

    @Test
    void reportsUnknownWhenTheBinaryIsMissing() throws Exception {
        CheckResult r = run(dir.resolve("no-systemctl"), "httpd");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("systemctl not available");
    }

    @Test
    void theRealSystemctlOnThisMachineIsUnknownNotCritical() throws Exception {
        Path real = Path.of("/usr/bin/systemctl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(real) && !Path.of("/run/systemd/system").toFile()
                .isDirectory(), "needs a systemctl binary on a host not booted with systemd");
        CheckResult r = run(real, "cron");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("systemd is not running");
    }

    @Test
    void matchesBlocksByIdWhenSystemctlSkipsAUnit() {
        List<Systemctl.UnitState> s = Systemctl.statesFor(List.of("a", "b.service", "c"),
                Systemctl.parseShow(block("b.service", "loaded", "active", "running") + "\n"
                        + block("a.service", "loaded", "failed", "failed")));
        assertThat(s.get(0).activeState()).isEqualTo("failed");
        assertThat(s.get(1).activeState()).isEqualTo("active");
        assertThat(s.get(2)).isNull();
    }

    @Test
    void refusesUnitNamesThatLookLikeOptions() {
        assertThatThrownBy(() -> type.create(new SystemdCheckType.Params(List.of("--all"), null), TypeContext.defaults("s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--all'");
        assertThatThrownBy(() -> type.create(new SystemdCheckType.Params(List.of(), null), TypeContext.defaults("s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("units");
    }
}

package dev.runbook.checks.exec;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.quantity.Unit;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandCheckTypeTest {

    @TempDir
    Path dir;

    private final CommandCheckType type = new CommandCheckType();

    private CheckResult run(CommandCheckType.Params p) throws Exception {
        return type.create(p, TypeContext.defaults("cmd")).run(new TestCheckContext().timeout(Duration.ofSeconds(5)));
    }

    private static CommandCheckType.Params shell(String script) {
        return new CommandCheckType.Params(null, script, null, null, null);
    }

    @Test
    void mapsPluginExitCodesToStatuses() throws Exception {
        assertThat(run(shell("echo fine; exit 0")).status()).isEqualTo(Status.OK);
        assertThat(run(shell("echo meh; exit 1")).status()).isEqualTo(Status.WARNING);
        assertThat(run(shell("echo down; exit 2")).status()).isEqualTo(Status.CRITICAL);
        assertThat(run(shell("echo dunno; exit 3")).status()).isEqualTo(Status.UNKNOWN);
        CheckResult r = run(shell("echo odd; exit 7"));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("exit code 7").contains("odd");
    }

    @Test
    void reportsUnknownWhenKilledBySignal() throws Exception {
        CheckResult r = run(shell("kill -9 $$"));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("signal 9");
    }

    @Test
    void reportsUnknownPastTimeout() throws Exception {
        CheckResult r = type.create(shell("sleep 30"), TypeContext.defaults("cmd"))
                .run(new TestCheckContext().timeout(Duration.ofMillis(300)));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).startsWith("timed out after 300ms");
    }

    @Test
    void firstLineBeforePerfdataIsTheMessageAndPerfdataBecomesMetrics() throws Exception {
        CheckResult r = run(shell("echo 'LOAD OK - load 0.5 | load1=0.5;4;8;0 time=120ms;;;'; echo 'more detail'"));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).isEqualTo("LOAD OK - load 0.5");
        assertThat(r.metrics()).containsEntry("load1", 0.5);
        assertThat(r.metrics().get("time")).isCloseTo(0.12, within(1e-9));
        assertThat(r.value()).isEqualTo(0.5);
    }

    @Test
    void statusIsTheWorstOfExitCodeAndPerfdataThresholds() throws Exception {
        CheckResult r = run(shell("echo 'QUEUE OK | depth=50;10;40'; exit 0"));
        assertThat(r.status()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).contains("depth").contains("CRITICAL");
        CheckResult disk = run(shell("echo 'DISK | /=95%;80;90'; exit 1"));
        assertThat(disk.status()).isEqualTo(Status.CRITICAL);
        assertThat(disk.metrics()).containsEntry("/", 95.0);
        assertThat(disk.unit()).isEqualTo(Unit.PERCENT);
    }

    @Test
    void runsArgvWithoutAShell() throws Exception {
        CheckResult r = run(new CommandCheckType.Params(List.of("echo", "$(id) ; exit 2"), null, null, null, null));
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.message()).isEqualTo("$(id) ; exit 2");
    }

    @Test
    void expectReplacesTheProtocolAndIsCriticalWhenNotMet() throws Exception {
        CommandCheckType.Expect wantHealthy = new CommandCheckType.Expect(null, "healthy");
        CheckResult ok = run(new CommandCheckType.Params(null, "echo '{\"status\":\"healthy\"}'", null, null, wantHealthy));
        assertThat(ok.status()).isEqualTo(Status.OK);
        CheckResult missing = run(new CommandCheckType.Params(null, "echo sick", null, null, wantHealthy));
        assertThat(missing.status()).isEqualTo(Status.CRITICAL);
        assertThat(missing.message()).contains("does not contain 'healthy'");
        CheckResult exit = run(new CommandCheckType.Params(null, "echo healthy; exit 3", null, null,
                new CommandCheckType.Expect(0, null)));
        assertThat(exit.status()).isEqualTo(Status.CRITICAL);
        assertThat(exit.message()).contains("exit code 3, expected 0");
        CheckResult wantedFive = run(new CommandCheckType.Params(null, "exit 5", null, null,
                new CommandCheckType.Expect(5, null)));
        assertThat(wantedFive.status()).isEqualTo(Status.OK);
    }

    @Test
    void usesEnvAndCwdRelativeToTheRunbook() throws Exception {
        Files.createDirectory(dir.resolve("work"));
        TypeContext ctx = new TypeContext(dir, java.time.ZoneOffset.UTC, java.time.Clock.systemUTC(), "cmd");
        CheckResult r = type.create(new CommandCheckType.Params(List.of("sh", "-c", "echo $WHO in $(pwd)"), null,
                Map.of("WHO", "ops"), "work", null), ctx).run(new TestCheckContext());
        assertThat(r.message()).isEqualTo("ops in " + dir.resolve("work").toRealPath());
    }

    @Test
    void missingProgramIsUnknown() throws Exception {
        CheckResult r = run(new CommandCheckType.Params(List.of("/nonexistent/check_thing"), null, null, null, null));
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).contains("/nonexistent/check_thing");
    }

    @Test
    void refusesBothOrNeitherOfRunAndShell() {
        assertThatThrownBy(() -> type.create(new CommandCheckType.Params(List.of("true"), "true", null, null, null),
                TypeContext.defaults("c"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> type.create(new CommandCheckType.Params(null, null, null, null, null),
                TypeContext.defaults("c"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run");
        assertThat(type.dynamicMetrics()).isTrue();
    }
}

package dev.runbook.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.checks.exec.CommandActionType;
import dev.runbook.checks.exec.WaitActionType;
import dev.runbook.checks.files.DeleteOldFilesActionType;
import dev.runbook.checks.systemd.SystemdActionType;
import dev.runbook.core.spi.TypeContext;
import dev.runbook.core.testing.TestActionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In --dry-run the engine never calls an action's execute: it asks the type to describe what it would do. Each
 * built-in describes itself without touching the world, even when handed a context that is not a dry-run.
 */
class DescribeActionTypesTest {
    @TempDir
    Path dir;

    private final TestActionContext live = new TestActionContext().dryRun(false);

    @Test
    void commandSaysWhatItWouldRunAndRunsNothing() throws Exception {
        Path marker = dir.resolve("marker");
        String said = new CommandActionType().create(new CommandActionType.Params(List.of("touch", marker.toString()),
                null, null, null, null), TypeContext.defaults("touch")).describe(live);
        assertThat(said).isEqualTo("would run: touch " + marker);
        assertThat(marker).doesNotExist();
    }

    @Test
    void systemdSaysWhichUnitAndVerb() throws Exception {
        Path log = dir.resolve("systemctl.log");
        Path systemctl = dir.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" >> '" + log + "'\n");
        systemctl.toFile().setExecutable(true);
        String said = new SystemdActionType().create(new SystemdActionType.Params("nginx.service",
                SystemdActionType.Verb.RESTART, systemctl.toString()), TypeContext.defaults("restart")).describe(live);
        assertThat(said).startsWith("would run: ").contains("nginx.service").containsIgnoringCase("restart");
        assertThat(log).doesNotExist();
    }

    @Test
    void waitSaysHowLongAndDoesNotSleep() throws Exception {
        String said = new WaitActionType().create(new WaitActionType.Params(Duration.ofHours(2)),
                TypeContext.defaults("pause")).describe(live);
        assertThat(said).startsWith("would wait 2h");
    }

    @Test
    void deleteOldFilesCountsWhatItWouldDeleteAndDeletesNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("uploads"));
        Path old = Files.writeString(root.resolve("old.tmp"), "x".repeat(100));
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        String said = new DeleteOldFilesActionType().create(new DeleteOldFilesActionType.Params(root.toString(),
                Duration.ofDays(1), null, null, null, null), TypeContext.defaults("cleanup")).describe(live);
        assertThat(said).startsWith("would delete 1 file");
        assertThat(old).exists();
    }

    @Test
    void aDryRunThatFindsAProblemSaysItWouldFail() throws Exception {
        String said = new DeleteOldFilesActionType().create(new DeleteOldFilesActionType.Params(
                dir.resolve("missing").toString(), Duration.ofDays(1), null, null, null, null),
                TypeContext.defaults("cleanup")).describe(live);
        assertThat(said).isEqualTo("would fail: path " + dir.resolve("missing") + " does not exist");
    }
}

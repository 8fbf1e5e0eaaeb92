package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, as a separate process, given a device or a FIFO as the runbook (issue 12): a clear error and the
 * exit code of contract §9, never an OutOfMemoryError, a stack trace or a process that blocks forever. The launcher
 * is bounded by {@link Launch}'s 60 s guard, so a hang fails the test instead of hanging the build.
 */
class LoaderLimitsProcessTest {
    @TempDir
    Path dir;

    Launch.Outcome launch(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).run(dir, args);
    }

    @Test
    void validateOfDevZeroIsInvalidNotAnOutOfMemoryError() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "/dev/zero is not available");
        Launch.Outcome o = launch("validate", "/dev/zero");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err() + o.out()).contains("not a regular file: /dev/zero")
                .doesNotContain("OutOfMemoryError", "Exception", "\tat ");
    }

    @Test
    void aFifoAsTheRunbookIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("runbook.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is not available");

        Launch.Outcome v = launch("validate", "runbook.yaml");
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.err() + v.out()).contains("not a regular file:", "runbook.yaml").doesNotContain("Exception");

        Launch.Outcome r = launch("run", "runbook.yaml");
        assertThat(r.exit()).as("run: an unloadable file is 3").isEqualTo(3);
        assertThat(r.err() + r.out()).contains("not a regular file:");
    }
}

package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook demo} end to end as a process, on the Java stand-in of the seed runbook ({@link SeedLike}). */
class DemoProcessTest {
    @TempDir
    Path dir;

    @Test
    void theDemoStoryRunsInUnderAMinuteAndLeavesNothingRunning() throws Exception {
        Files.writeString(dir.resolve("seed.yaml"), "# the test source builds this runbook in Java\n");
        long t0 = System.nanoTime();
        Launch.Outcome o = Launch.withFixtures(dir.resolve("xdg")).run(dir, "demo", "--runbook", "seed.yaml",
                "--dir", dir.resolve("sandbox").toString());
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(o.exit()).as(o.out() + o.err()).isZero();
        assertThat(seconds).isLessThan(60);
        String out = o.out();
        assertThat(out).contains("== 1. The morning check (morning-check)", "restart-estimator: done", "recheck health: done",
                "== 2. The estimator breaks", "restart-estimator: failed", "escalate P1", "== 3. Fixed",
                "== 4. The evening check", "== 6. The history", "Done in");
        // [1.1] a gate pauses the maintenance run from cron; confirm resumes it, a decline at the next gate stops it
        assertThat(out).contains("== 5. planned-maintenance from cron", "PAUSED at step 1: Display the maintenance page",
                "Run 5 waits for confirmation", "Confirmed step 1 of run 5 by demo",
                "PAUSED at step 3: Run database migrations", "Declined step 3 of run 5 by demo", "declined by demo",
                "skipped: not run: step 3 was declined");
        assertThat(out.indexOf("Declined step 3")).isGreaterThan(out.indexOf("Confirmed step 1"));
        // the checks step skipped after the decline is printed as skipped, not as an OK check
        assertThat(out).contains("[-] 4. health").doesNotContain("[x] 4. health");
        assertThat(out.indexOf("health service now: up")).isPositive();
        assertThat(dir.resolve("sandbox/env.sh")).exists();
        try (var pids = Files.list(dir.resolve("sandbox/run/units"))) {
            assertThat(pids.filter(p -> p.toString().endsWith(".pid"))).isEmpty();
        }
    }
}

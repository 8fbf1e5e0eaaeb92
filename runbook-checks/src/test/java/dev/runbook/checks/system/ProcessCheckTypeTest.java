package dev.runbook.checks.system;

import dev.runbook.core.testing.TestCheckContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.core.CheckResult;
import dev.runbook.core.Status;
import dev.runbook.core.spi.TypeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCheckTypeTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final ProcessCheckType type = new ProcessCheckType();

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor();
        }
    }

    private Process start(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        started.add(p);
        return p;
    }

    private CheckResult run(ProcessCheckType.Params p, TestCheckContext ctx) throws Exception {
        return type.create(p, TypeContext.defaults("proc")).run(ctx);
    }

    @Test
    void parsesStatWithParenthesesAndSpacesInTheName() throws Exception {
        ProcessTable.Stat s = ProcessTable.parseStat(Files.readString(Fixtures.path("pid-stat.txt")));
        assertThat(s.comm()).isEqualTo("my (weird) name");
        assertThat(s.state()).isEqualTo('S');
        assertThat(s.utime() + s.stime()).isEqualTo(200);
        assertThat(s.startTime()).isEqualTo(5000);
        assertThat(s.rssPages()).isEqualTo(2500);
        assertThat(ProcessTable.parseStat(Files.readString(Fixtures.path("pid-stat-real.txt")))).isNotNull();
    }

    @Test
    void countsProcessesByCommandLineRegex() throws Exception {
        String token = "3" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000) + ".5";
        start("sleep", token);
        start("sleep", token);
        ProcessCheckType.Params p = new ProcessCheckType.Params(null, "^sleep " + token.replace(".", "\\.") + "$", null, null);
        CheckResult r = waitForCount(p, 2);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.metrics().get("rss_bytes")).isPositive();
        assertThat(r.metrics().get("cpu")).isGreaterThanOrEqualTo(0.0);
        assertThat(r.message()).startsWith("2 processes matching");
    }

    @Test
    void reportsCriticalAboveMaxAndBelowMin() throws Exception {
        String token = "4" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000) + ".5";
        start("sleep", token);
        start("sleep", token);
        String regex = "sleep " + token.replace(".", "\\.");
        waitForCount(new ProcessCheckType.Params(null, regex, null, null), 2);
        CheckResult tooMany = run(new ProcessCheckType.Params(null, regex, 1, 1), new TestCheckContext());
        assertThat(tooMany.status()).isEqualTo(Status.CRITICAL);
        assertThat(tooMany.message()).isEqualTo("2 processes matching '" + regex + "', expected exactly 1");
        CheckResult none = run(new ProcessCheckType.Params(null, "sleep 99999\\.123456", null, null), new TestCheckContext());
        assertThat(none.status()).isEqualTo(Status.CRITICAL);
        assertThat(none.metrics()).containsEntry("count", 0.0);
        CheckResult noneAllowed = run(new ProcessCheckType.Params(null, "sleep 99999\\.123456", 0, 0), new TestCheckContext());
        assertThat(noneAllowed.status()).isEqualTo(Status.OK);
    }

    @Test
    void matchesTheExactNameIncludingNamesLongerThanTheKernels15Chars() throws Exception {
        Path shortName = dir.resolve("rbsleeper" + (System.nanoTime() % 1000));
        Path longName = dir.resolve("runbook-long-sleeper-" + (System.nanoTime() % 1000));
        Files.copy(Path.of("/bin/sleep"), shortName, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("/bin/sleep"), longName, StandardCopyOption.COPY_ATTRIBUTES);
        start(shortName.toString(), "300");
        start(longName.toString(), "300");
        assertThat(waitForCount(new ProcessCheckType.Params(shortName.getFileName().toString(), null, null, null), 1)
                .status()).isEqualTo(Status.OK);
        assertThat(waitForCount(new ProcessCheckType.Params(longName.getFileName().toString(), null, null, null), 1)
                .status()).isEqualTo(Status.OK);
        // a prefix of the name is not the name
        CheckResult prefix = run(new ProcessCheckType.Params(shortName.getFileName().toString().substring(0, 5), null,
                null, null), new TestCheckContext());
        assertThat(prefix.metrics()).containsEntry("count", 0.0);
    }

    @Test
    void cpuComesFromTickDeltasKeptInStateBetweenRuns() throws Exception {
        Process busy = start("sh", "-c", "while :; do :; done");
        String regex = "^sh -c while :; do :; done$";
        TestCheckContext ctx = new TestCheckContext();
        ProcessCheckType.Params p = new ProcessCheckType.Params(null, regex, null, null);
        // The process's own tick counter, read just before and just after each run, brackets what the check read,
        // so the expected figure follows from /proc alone, whatever share of a CPU the busy loop gets on this machine.
        long before1 = ticksOf(busy.pid());
        run(p, ctx);
        long after1 = ticksOf(busy.pid());
        assertThat(ctx.state.get(ProcessCheckType.STATE_KEY)).contains(";" + busy.pid() + ":");
        for (int i = 0; i < 6000 && ticksOf(busy.pid()) < after1 + 5; i++) { // hang guard only: waits for 5 ticks
            Thread.sleep(10);
        }
        ctx.advance(Duration.ofMillis(300));
        long before2 = ticksOf(busy.pid());
        CheckResult r = run(p, ctx);
        long after2 = ticksOf(busy.pid());
        assertThat(r.metrics().get("count")).isEqualTo(1.0);
        assertThat(before2 - after1).as("the busy loop ran between the runs").isGreaterThanOrEqualTo(5);
        double low = 100.0 * (before2 - after1) / 100.0 / 0.3;
        double high = 100.0 * (after2 - before1) / 100.0 / 0.3;
        assertThat(r.metrics().get("cpu")).isBetween(low, high);
    }

    /** utime + stime of one process, in clock ticks, from /proc/PID/stat (fields 14 and 15). */
    private static long ticksOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Test
    void neverCountsItself() throws Exception {
        CheckResult r = run(new ProcessCheckType.Params(null, "ProcessCheckTypeTest|surefire|java", 0, null),
                new TestCheckContext());
        @SuppressWarnings("unchecked")
        List<Long> pids = (List<Long>) r.details().get("pids");
        assertThat(pids).doesNotContain(ProcessHandle.current().pid());
    }

    @Test
    void validatesParameters() {
        assertThatThrownBy(() -> type.create(new ProcessCheckType.Params("a", "b", null, null), TypeContext.defaults("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> type.create(new ProcessCheckType.Params(null, "(", null, null), TypeContext.defaults("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regex");
        assertThatThrownBy(() -> type.create(new ProcessCheckType.Params("x", null, 3, 2), TypeContext.defaults("p")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("process: max must be at least min (3), found 2");
    }

    private CheckResult waitForCount(ProcessCheckType.Params p, int count) throws Exception {
        CheckResult r = null;
        for (int i = 0; i < 100; i++) {
            r = run(p, new TestCheckContext());
            if (r.metrics().get("count") == count) {
                return r;
            }
            Thread.sleep(20);
        }
        assertThat(r.metrics().get("count")).as(r.message()).isEqualTo((double) count);
        return r;
    }
}

package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon runs only what has a schedule (contract §9 [1.1]) and a report goes out once per period and recipient
 * (§8), through the launcher as separate processes: {@code daemon --run-now} runs the scheduled procedure (whose
 * {@code {report: daily}} step sends the daily report) and never the unscheduled maintenance, whose action would
 * leave a file behind; two {@code run}s and the daemon on one day send the daily report once.
 */
class DaemonSchedulesProcessTest {
    @TempDir
    Path dir;

    private void write() throws Exception {
        Files.writeString(dir.resolve("runbook.yaml"), String.join("\n",
                "runbook: sched",
                "version: 1",
                "timezone: UTC",
                "store: ./state/sched.db",
                "checks:",
                "  alive: { type: command, run: [\"true\"], expect: { exit: 0 } }",
                "actions:",
                "  yum-update: { type: command, title: Apply security updates, run: [touch, \""
                        + dir.resolve("maintenance-ran") + "\"] }",
                "procedures:",
                "  minutely:",
                "    schedule: every 1m",
                "    steps: [alive, { report: daily }]",
                "  maintenance:",
                "    title: Planned maintenance",
                "    steps: [yum-update]",
                "reports:",
                "  daily: { period: day, covers: current, sections: [services], notify: [archive] }",
                "notifiers:",
                "  archive: { type: file, path: ./state/reports.jsonl }",
                ""));
    }

    private Process daemon(Path err, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    @Test
    @Timeout(180)
    void runNowRunsTheScheduledProcedureOnlyAndTheDailyReportGoesOutOncePerDay() throws Exception {
        write();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        Launch launch = Launch.plain(dir.resolve("xdg"));
        assertThat(launch.run(dir, "run", "runbook.yaml", "--procedure", "minutely").exit()).isZero();
        assertThat(launch.run(dir, "run", "runbook.yaml", "--procedure", "minutely").exit()).isZero();

        Path err = dir.resolve("daemon-err.txt");
        Process p = daemon(err, "daemon", "runbook.yaml", "--listen", "127.0.0.1:0", "--run-now");
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < until && p.isAlive()
                    && !Files.readString(err, StandardCharsets.UTF_8).contains("minutely: OK")) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(err)).as("the scheduled procedure ran at start").contains("minutely: OK");
            p.destroy(); // SIGTERM: a run in progress (there should be none) may finish first
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(dir.resolve("maintenance-ran")).as("the unscheduled maintenance never ran").doesNotExist();
        assertThat(Files.readString(err)).as("nor is it among the daemon's jobs").doesNotContain("maintenance");

        Assumptions.assumeTrue(day.equals(LocalDate.now(ZoneOffset.UTC)), "the day changed during the test");
        List<String> sent = Files.readAllLines(dir.resolve("state/reports.jsonl"));
        assertThat(sent).as("three {report: daily} steps on one day, one report").hasSize(1);
        assertThat(sent.get(0)).contains("Daily Operations Report");
    }
}

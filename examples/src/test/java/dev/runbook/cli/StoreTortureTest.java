package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's torture test: a daemon running a procedure every second, 20 launcher processes running checks at
 * once (with an incident, the outbox, log offsets and notes), and reports and history read in between, all on
 * one store file for a while; then {@code PRAGMA integrity_check} is {@code ok} and every run that a process
 * reported as done is in the file with all its results.
 *
 * <p>It runs {@value #DEFAULT_SECONDS} s in {@code mvn verify}; {@code -Drunbook.torture.seconds=600} runs it
 * longer. Wall-clock time only bounds how long load is kept up; nothing is asserted about speed.
 */
class StoreTortureTest {
    static final int DEFAULT_SECONDS = 60;
    static final int CONCURRENT_RUNS = 20;
    static final Set<String> CHECKS = Set.of("true-1", "true-2", "warns", "down", "errors");
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aDaemonTwentyConcurrentRunsAndReportsLeaveTheStoreIntactWithNoRunLost() throws Exception {
        int seconds = Integer.getInteger("runbook.torture.seconds", DEFAULT_SECONDS);
        Files.writeString(dir.resolve("rb.yaml"), String.join("\n",
                "runbook: torture",
                "version: 1",
                "store: ./state/torture.db",
                "notifiers:",
                "  archive: { type: file, path: ./notifications.jsonl }",
                "escalation:",
                "  levels:",
                "    P3: { title: Minor, respond: 1h, notify: [archive] }",
                "checks:",
                "  true-1: { type: command, run: [\"true\"] }",
                "  true-2: { type: command, run: [\"true\"] }",
                "  warns: { type: command, run: [sh, -c, \"echo 'LOAD WARNING | load=3;2;5'; exit 1\"] }",
                "  down: { type: command, run: [sh, -c, \"echo 'DOWN - refused'; exit 2\"], incident: P3 }",
                "  errors: { type: log, file: ./app.log, pattern: ERROR }",
                "procedures:",
                "  every-second:",
                "    schedule: every 1s",
                "    steps: [true-1, true-2, warns, down, errors]",
                ""));
        Files.writeString(dir.resolve("app.log"), "");
        Path daemonErr = dir.resolve("daemon-err.txt");
        Process daemon = startDaemon(daemonErr);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_RUNS + 2);
        AtomicInteger cliRuns = new AtomicInteger();
        AtomicInteger reports = new AtomicInteger();
        AtomicInteger logLines = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            waitUntilListening(daemon, daemonErr);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_RUNS; i++) {
                String operator = "cli-" + i;
                work.add(pool.submit(() -> {
                    while (System.nanoTime() < until && problems.isEmpty()) {
                        Files.writeString(dir.resolve("app.log"), "ERROR from " + operator + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.APPEND);
                        logLines.incrementAndGet();
                        Launch.Outcome o = launch().run(dir, "run", "rb.yaml", "--operator", operator, "--format", "json");
                        if (o.exit() != 2 || !o.err().isEmpty()) {
                            problems.add("run by " + operator + " exited " + o.exit() + ": " + o.err());
                            return null;
                        }
                        JsonNode root = new ObjectMapper().readTree(o.out());
                        if (root.get("results").size() != CHECKS.size()) {
                            problems.add("run by " + operator + " gave " + o.out());
                            return null;
                        }
                        cliRuns.incrementAndGet();
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                while (System.nanoTime() < until && problems.isEmpty()) {
                    Launch.Outcome r = launch().run(dir, "report", "rb.yaml", "day", "--format", "json");
                    Launch.Outcome h = launch().run(dir, "history", "rb.yaml", "--since", "1h", "--format", "json");
                    Launch.Outcome n = launch().run(dir, "note", "--operator", "ops", "rb.yaml", "still testing");
                    if (r.exit() != 0 || h.exit() != 0 || n.exit() != 0) {
                        problems.add("report " + r.exit() + " " + r.err() + " / history " + h.exit() + " " + h.err()
                                + " / note " + n.exit() + " " + n.err());
                        return null;
                    }
                    reports.incrementAndGet();
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(seconds + 600L, TimeUnit.SECONDS);
            }
            assertThat(problems).isEmpty();
            assertThat(daemon.isAlive()).as(Files.readString(daemonErr)).isTrue();
        } finally {
            pool.shutdownNow();
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
        assertThat(daemon.exitValue()).as(Files.readString(daemonErr)).isZero();
        assertThat(cliRuns.get()).isPositive();
        assertThat(reports.get()).isPositive();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/torture.db"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM runs WHERE operator LIKE 'cli-%'")) {
                assertThat(rs.getInt(1)).as("runs the launcher processes reported done").isEqualTo(cliRuns.get());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results r JOIN runs ON runs.id = r.run_id"
                    + " WHERE runs.operator LIKE 'cli-%'")) {
                assertThat(rs.getInt(1)).isEqualTo(cliRuns.get() * CHECKS.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT r.run_id) FROM results r"
                    + " JOIN runs ON runs.id = r.run_id WHERE runs.procedure = 'every-second'")) {
                assertThat(rs.getInt(2)).as("the daemon's runs were recorded").isPositive();
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2) * CHECKS.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM notes")) {
                assertThat(rs.getInt(1)).isEqualTo(reports.get());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM incidents WHERE state != 'resolved'")) {
                assertThat(rs.getInt(1)).as("one open incident for the check that is down").isEqualTo(1);
            }
        }
    }

    private Launch launch() {
        return Launch.plain(dir.resolve("xdg")).timeoutSeconds(600);
    }

    private Process startDaemon(Path err) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", cp.replace(java.io.File.pathSeparator + java.io.File.pathSeparator,
                        java.io.File.pathSeparator), Main.class.getName(),
                "daemon", "rb.yaml", "--listen", "127.0.0.1:0", "--run-now"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    private static void waitUntilListening(Process p, Path err) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive()) {
            Matcher m = DaemonProcessTest.LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
            if (m.find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon did not start: " + Files.readString(err));
    }
}

package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.store.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL store that goes away (runbook-format §10: "losing the connection mid-run: results are kept in a
 * local spool file and written when it comes back; the run's status is unaffected"), through the launcher, each
 * verb a separate process, on a real server ({@link PostgresServer}) that the test stops (immediate shutdown:
 * every connection cut) and starts again: between runs, in the middle of a run, and a peer that accepts the
 * connection and never answers. Every spooled result arrives once, in order, and the spool is then gone.
 */
class StoreSpoolProcessTest {
    @TempDir
    Path dir;

    @AfterEach
    void serverBack() throws Exception {
        PostgresServer.shared().startAgain(); // the other test classes of this JVM share the server
    }

    private Path runbook(String db, String url) throws Exception {
        Path yaml = dir.resolve("spool.yaml");
        Files.writeString(yaml, """
                runbook: spool
                version: 1
                timezone: UTC
                host: web-1
                secrets:
                  store_password: "${env:STORE_PASSWORD}"
                store: {url: "%s", username: %s, password: "${secret:store_password}"}
                checks:
                  marker:
                    type: file
                    path: ./spool.yaml
                  missing:
                    type: file
                    path: ./not-there
                  hold:
                    type: command
                    shell: "touch started; i=0; while [ ! -f go ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"
                procedures:
                  held:
                    steps: [hold, marker]
                  ticking:
                    schedule: every 2s
                    steps: [marker]
                """.formatted(url != null ? url : PostgresServer.shared().url(db), PostgresServer.USER));
        return yaml;
    }

    private Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD).run(dir, args);
    }

    private Path spoolDir() {
        return dir.resolve("xdg/runbook/spool/spool");
    }

    private List<Path> spooled() throws Exception {
        if (!Files.isDirectory(spoolDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(spoolDir())) {
            return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** (check, status, host) of every stored result, in the order the runs started. */
    private static List<String> results(String db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.name, r.status, runs.host FROM results r"
                     + " JOIN check_names n ON n.id = r.check_id JOIN runs ON runs.id = r.run_id"
                     + " ORDER BY runs.started_at, runs.id, n.name")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getInt(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(300)
    void runsWhileTheServerIsDownAreSpooledThenWrittenOnceWhenItIsBack() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        runbook(db, null);
        assertThat(run("store", "migrate", "spool.yaml").exit()).isZero();
        PostgresServer.shared().stopNow();

        Launch.Outcome ok = run("run", "spool.yaml", "--check", "marker");
        assertThat(ok.exit()).as(ok.err()).isZero();
        List<String> warnings = ok.err().lines().filter(l -> l.contains("unreachable") || l.contains("spool")).toList();
        assertThat(warnings).as(ok.err()).hasSize(1);
        assertThat(warnings.get(0)).contains("is unreachable").contains("spooled to " + spoolDir());
        Launch.Outcome bad = run("run", "spool.yaml", "--check", "missing");
        assertThat(bad.exit()).as("the status the check gave: " + bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("spooled to " + spoolDir());

        List<Path> files = spooled();
        assertThat(files).hasSize(2);
        assertThat(Files.getPosixFilePermissions(files.get(0))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(spoolDir())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(files.get(0))).contains("\"marker\"").doesNotContain(PostgresServer.PASSWORD);
        // a copy of the first entry, put back after the replay: a replay that crashed before removing it
        Path copy = dir.resolve("first-entry.json");
        Files.copy(files.get(0), copy);

        PostgresServer.shared().startAgain();
        Launch.Outcome back = run("run", "spool.yaml", "--check", "marker");
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.err()).doesNotContain("unreachable");
        assertThat(spooled()).isEmpty();
        assertThat(results(db)).containsExactly("marker:0:web-1", "missing:2:web-1", "marker:0:web-1");

        Files.copy(copy, files.get(0), StandardCopyOption.REPLACE_EXISTING);
        Launch.Outcome again = run("run", "spool.yaml", "--check", "missing");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(spooled()).as("the replayed entry is removed").isEmpty();
        assertThat(results(db)).as("the entry written before is not written twice")
                .containsExactly("marker:0:web-1", "missing:2:web-1", "marker:0:web-1", "missing:2:web-1");
        assertThat(count(db, "SELECT count(*) FROM runs")).isEqualTo(4);
    }

    @Test
    @Timeout(300)
    void aServerLostInTheMiddleOfARunLeavesItsStatusAndItsResultsArriveOnceItIsBack() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        runbook(db, null);
        assertThat(run("store", "migrate", "spool.yaml").exit()).isZero();
        CompletableFuture<Launch.Outcome> held = CompletableFuture.supplyAsync(() -> {
            try {
                return run("run", "spool.yaml", "--procedure", "held");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path started = dir.resolve("started");
        for (int i = 0; i < 1200 && !Files.exists(started) && !held.isDone(); i++) {
            Thread.sleep(100);
        }
        assertThat(started).as("the run reached its first check").exists();
        // stored as it started (other hosts see it running), its results not yet: they arrive through the spool
        assertThat(count(db, "SELECT count(*) FROM runs WHERE state = 'running'")).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM results")).isZero();
        PostgresServer.shared().stopNow(); // the run's open connection is cut
        Files.writeString(dir.resolve("go"), "");
        Launch.Outcome out = held.get(120, TimeUnit.SECONDS);
        assertThat(out.exit()).as(out.out() + out.err()).isZero();
        assertThat(out.err()).contains("is unreachable").contains("spooled to " + spoolDir());
        assertThat(out.err()).doesNotContain("not recorded");
        assertThat(spooled()).hasSize(1);

        PostgresServer.shared().startAgain();
        Launch.Outcome next = run("run", "spool.yaml", "--check", "missing");
        assertThat(next.exit()).as(next.err()).isEqualTo(2);
        assertThat(spooled()).isEmpty();
        assertThat(results(db)).containsExactly("hold:0:web-1", "marker:0:web-1", "missing:2:web-1");
        assertThat(count(db, "SELECT count(*) FROM run_steps")).as("the held run's trail arrived with it")
                .isGreaterThanOrEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM runs")).as("the spooled end completed the run stored as it"
                + " started").isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM runs WHERE state = 'running'")).isZero();
    }

    @Test
    @Timeout(300)
    void aPeerThatAcceptsAndNeverAnswersCannotHangTheRun() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "silent-peer");
            acceptor.setDaemon(true);
            acceptor.start();
            runbook(null, "postgresql://127.0.0.1:" + silent.getLocalPort() + "/runbook");
            // the hang guard is generous; the connect and login timeouts end the wait long before it
            Launch.Outcome out = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD)
                    .timeoutSeconds(180).run(dir, "run", "spool.yaml", "--check", "marker");
            assertThat(out.exit()).as(out.err()).isZero();
            assertThat(out.err()).contains("is unreachable").contains("spooled to " + spoolDir());
            assertThat(spooled()).hasSize(1);
            assertThat(held).as("the launcher did connect to the silent peer").isNotEmpty();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(400)
    void aDaemonSpoolsWhileItsServerIsDownAndWritesTheSpoolWhenItIsBack() throws Exception {
        String db = PostgresServer.shared().newDatabase();
        runbook(db, null);
        assertThat(run("store", "migrate", "spool.yaml").exit()).isZero();
        String cp = Launch.testClassPath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(java.io.File.pathSeparator + java.io.File.pathSeparator, java.io.File.pathSeparator),
                Main.class.getName(), "daemon", "spool.yaml", "--listen", "127.0.0.1:0").directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.environment().put("STORE_PASSWORD", PostgresServer.PASSWORD);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("daemon.err").toFile());
        Process daemon = pb.start();
        try {
            awaitTrue("the daemon's first runs", () -> count(db, "SELECT count(*) FROM runs") >= 2);
            PostgresServer.shared().stopNow();
            awaitTrue("runs spooled while the server is down", () -> spooled().size() >= 2);
            PostgresServer.shared().startAgain();
            awaitTrue("the spool written", () -> spooled().isEmpty()
                    && count(db, "SELECT count(*) FROM state WHERE scope = 'runbook.recorded'") >= 2);
        } finally {
            daemon.destroy();
            daemon.waitFor(60, TimeUnit.SECONDS);
            daemon.destroyForcibly();
        }
        assertThat(count(db, "SELECT count(*) FROM runs")).as("each run once")
                .isEqualTo(count(db, "SELECT count(DISTINCT started_at) FROM runs"));
        assertThat(count(db, "SELECT count(*) FROM results")).isEqualTo(count(db, "SELECT count(*) FROM runs"));
        assertThat(Files.readString(dir.resolve("daemon.err"))).contains("is unreachable")
                .contains("spooled to " + spoolDir());
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void awaitTrue(String what, Condition c) throws Exception {
        for (int i = 0; i < 1200; i++) { // a hang guard of 2 minutes, not a speed bound
            try {
                if (c.holds()) {
                    return;
                }
            } catch (java.sql.SQLException serverDown) {
                // asked while the server is down: ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + ": " + Files.readString(dir.resolve("daemon.err")));
    }
}

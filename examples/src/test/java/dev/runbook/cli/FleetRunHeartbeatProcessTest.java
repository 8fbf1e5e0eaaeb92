package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.store.Hosts;
import dev.runbook.store.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-host rule for a run whose process died (runbook-format §9 {@code runs}: state {@code expired}; §10: a
 * fleet on one PostgreSQL store), where operators meet it: through the launcher, every verb a separate process, on
 * a real PostgreSQL server ({@link PostgresServer}) named by the runbook's {@code store: {url, username, password}}.
 *
 * <p>What is real: the server, the launcher processes ({@code run --host web-2}, {@code runs}, {@code runs show},
 * {@code confirm}, {@code daemon}), the run the first of them stores with its steps and its owner row, that process's life (stopped
 * with SIGSTOP, then killed with SIGKILL, so it writes nothing at the end), and every judgment, which the readers
 * make with their own clocks. What is simulated, because another machine cannot run here: after the kill the test
 * rewrites the run's owner row over JDBC to name another machine and another boot (as a process of a remote host
 * would have left it, keeping the killed process's pid, so a reader that wrongly asked this machine about that pid
 * would end the run), and it sets that row's heartbeat: renewed to now before each reader while the remote host is
 * meant to be alive, then set two minutes back once it is meant to be dead — never by waiting 60 s.
 *
 * <p>The promises: (c) a run of this machine whose process lives is never expired, even with a heartbeat far older
 * than 60 s (its process is frozen, so nothing renews it): on this machine the operating system answers; (a) a run of
 * another machine with a fresh heartbeat is listed {@code running} and neither {@code runs show}, a daemon's start
 * nor {@code confirm} (exit 1, not paused) ends it; (b) once its heartbeat is older than 60 s, {@code runs} lists it {@code expired},
 * UNKNOWN, with a message naming the owner's machine and pid and the last heartbeat; {@code runs show} says the
 * same, the expiry is stored (a second reader agrees, the owner row is gone) and {@code confirm} exits 3 saying so.
 */
class FleetRunHeartbeatProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The remote machine the simulated owner row names: not this machine, and a boot id of another kernel. */
    static final String REMOTE_MACHINE = "web-2.fleet.example";
    static final String REMOTE_BOOT = "6f1c2a4e-0000-4000-8000-00000000beef pid:[4026531836]";
    @TempDir
    Path dir;
    String database;
    Path file;
    Process run;

    @BeforeEach
    void writeRunbook() throws Exception {
        database = PostgresServer.shared().newDatabase();
        file = dir.resolve("fleet.yaml");
        Files.writeString(file, """
                runbook: fleet
                version: 1
                timezone: UTC
                secrets:
                  store_password: "${env:STORE_PASSWORD}"
                store:
                  url: "%s"
                  username: %s
                  password: "${secret:store_password}"
                checks:
                  disk: { type: disk, path: "%s", warning: 99.9%%, critical: 99.99%% }
                actions:
                  record-commit: { type: command, run: [/bin/echo, abc123] }
                  stuck-deploy: { type: command, timeout: 10m, run: [/bin/sh, -c, "echo $$ > '%s'; exec sleep 600"] }
                procedures:
                  deploy:
                    title: Deploy
                    steps:
                      - { title: Disk space, checks: [disk] }
                      - record-commit
                      - stuck-deploy
                  gated-deploy:
                    title: Gated deploy
                    steps:
                      - { manual: "Announce the deploy" }
                      - record-commit
                """.formatted(PostgresServer.shared().url(database), PostgresServer.USER, dir, dir.resolve("stuck.pid")));
    }

    @AfterEach
    void endTheRun() throws Exception {
        if (run != null) {
            run.destroyForcibly();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        Path pid = dir.resolve("stuck.pid");
        if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Launch.Outcome runbook(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD).env("USER", "cron")
                .timeoutSeconds(120).run(dir, args);
    }

    /** The one run {@code runs --format json} lists. */
    private JsonNode listedRun() throws Exception {
        Launch.Outcome o = runbook("runs", file.toString(), "--format", "json");
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode runs = JSON.readTree(o.out()).get("runs");
        assertThat(runs).as(o.out() + o.err()).hasSize(1);
        return runs.get(0);
    }

    private JsonNode shownRun(String id) throws Exception {
        Launch.Outcome o = runbook("runs", file.toString(), "show", id, "--format", "json");
        assertThat(o.exit()).as(o.err()).isZero();
        return JSON.readTree(o.out());
    }

    /** The run's owner row as stored (version, machine, boot, pid, start, heartbeat; tab-separated), or null. */
    private String ownerRow(String id) throws SQLException {
        try (Connection c = PostgresServer.shared().connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT value FROM state WHERE scope = 'run-owner' AND key = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Rewrites the run's owner row, as its owner's heartbeat would; a bounded lock wait (a hang guard). */
    private void writeOwnerRow(String id, String value) throws SQLException {
        try (Connection c = PostgresServer.shared().connect(database)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = '30s'");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE state SET value = ? WHERE scope = 'run-owner' AND key = ?")) {
                ps.setString(1, value);
                ps.setString(2, id);
                assertThat(ps.executeUpdate()).as("the owner row of run " + id + " is there to rewrite").isEqualTo(1);
            }
        }
    }

    private String runState(String id) throws SQLException {
        try (Connection c = PostgresServer.shared().connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT state FROM runs WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(id));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("run " + id + " is stored").isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String owner(String machine, String boot, String pid, String start, long beatMs) {
        return String.join("\t", "1", machine, boot, pid, start, Long.toString(beatMs));
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal).isZero();
    }

    /** Waits (a hang guard, not a speed bound) until the stuck step has written its pid, the launcher still alive. */
    private void untilTheStuckStepStarted(Path err) throws Exception {
        Path pid = dir.resolve("stuck.pid");
        for (int i = 0; i < 1200 && (!Files.exists(pid) || Files.readString(pid).isBlank()); i++) {
            assertThat(run.isAlive()).as("the run is still going: " + Files.readString(err)).isTrue();
            Thread.sleep(100);
        }
        assertThat(pid).as("the stuck step started: " + Files.readString(err)).exists();
    }

    /**
     * A daemon of this machine starting ({@code runbook daemon}, which ends the runs left running by a process that
     * died) leaves another machine's run with a fresh heartbeat alone. Its start is done once it listens.
     */
    private void daemonStartLeavesItRunning(String id) throws Exception {
        Path err = dir.resolve("daemon.err");
        String before = ownerRow(id);
        Process daemon = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD)
                .start(dir, dir.resolve("daemon.out"), err, "daemon", file.toString(), "--listen", "127.0.0.1:0",
                        "--host", "web-1");
        try {
            for (int i = 0; i < 1200 && !Files.readString(err).contains(" listening on http://"); i++) {
                assertThat(daemon.isAlive()).as("the daemon is starting: " + Files.readString(err)).isTrue();
                Thread.sleep(100); // a hang guard of 2 minutes, not a speed bound
            }
            assertThat(Files.readString(err)).contains(" listening on http://").doesNotContain("now expired");
            assertThat(runState(id)).as("a daemon's start leaves a live remote run alone").isEqualTo("running");
            assertThat(ownerRow(id)).isEqualTo(before);
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void aRunOfADeadHostEndsExpiredOnceItsHeartbeatIsOlderThan60sAndNotBefore() throws Exception {
        Path err = dir.resolve("run.err");
        run = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD).env("USER", "cron")
                .start(dir, dir.resolve("run.out"), err, "run", file.toString(), "--procedure", "deploy",
                        "--host", "web-2");
        untilTheStuckStepStarted(err);

        // (c) this machine's live run: its owner row names this machine, this boot, the launcher's pid
        signal(run, "STOP"); // frozen: alive, but its heartbeat thread renews nothing
        JsonNode live = listedRun();
        String id = live.get("id").asText();
        assertThat(live.get("state").asText()).isEqualTo("running");
        assertThat(live.get("host").asText()).isEqualTo("web-2");
        String[] real = ownerRow(id).split("\t", -1);
        assertThat(real).as("version, machine, boot, pid, start, heartbeat").hasSize(6);
        assertThat(real[1]).isEqualTo(Hosts.local());
        assertThat(real[2]).as("this boot and pid namespace").isNotEmpty();
        assertThat(real[3]).isEqualTo(Long.toString(run.pid()));
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        writeOwnerRow(id, owner(real[1], real[2], real[3], real[4], tenMinutesAgo));
        JsonNode stale = shownRun(id);
        assertThat(stale.get("state").asText()).as("a live process of this machine is asked, not its heartbeat")
                .isEqualTo("running");
        assertThat(stale.has("message")).isFalse();
        assertThat(listedRun().get("state").asText()).isEqualTo("running");
        assertThat(runState(id)).isEqualTo("running");
        assertThat(ownerRow(id)).as("judged on the ten-minute-old heartbeat")
                .isEqualTo(owner(real[1], real[2], real[3], real[4], tenMinutesAgo));

        signal(run, "KILL"); // SIGKILL: nothing is written at the end
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the launcher was killed").isTrue();

        // (a) as a process of another machine would have left it, its heartbeat renewed before each reader
        writeOwnerRow(id, owner(REMOTE_MACHINE, REMOTE_BOOT, real[3], real[4], System.currentTimeMillis()));
        JsonNode fresh = listedRun();
        assertThat(fresh.get("state").asText()).as("another machine's run with a fresh heartbeat").isEqualTo("running");
        assertThat(fresh.has("message")).isFalse();
        writeOwnerRow(id, owner(REMOTE_MACHINE, REMOTE_BOOT, real[3], real[4], System.currentTimeMillis()));
        assertThat(shownRun(id).get("state").asText()).isEqualTo("running");
        writeOwnerRow(id, owner(REMOTE_MACHINE, REMOTE_BOOT, real[3], real[4], System.currentTimeMillis()));
        daemonStartLeavesItRunning(id);
        long beat = System.currentTimeMillis();
        String remote = owner(REMOTE_MACHINE, REMOTE_BOOT, real[3], real[4], beat);
        writeOwnerRow(id, remote);
        Launch.Outcome notPaused = runbook("confirm", file.toString(), id, "--operator", "alice");
        assertThat(notPaused.exit()).as(notPaused.out() + notPaused.err()).isEqualTo(1);
        assertThat(notPaused.err()).contains("run " + id + " is running, not paused");
        assertThat(runState(id)).isEqualTo("running");
        assertThat(ownerRow(id)).as("left as its owner wrote it").isEqualTo(remote);

        // (b) the remote host died: its last heartbeat is two minutes old
        long lastBeat = System.currentTimeMillis() - 120_000;
        writeOwnerRow(id, owner(REMOTE_MACHINE, REMOTE_BOOT, real[3], real[4], lastBeat));
        String why = "the process that ran it (pid " + real[3] + " on " + REMOTE_MACHINE + ") has not been heard from"
                + " for more than 60 s (last heartbeat " + Instant.ofEpochMilli(lastBeat) + "); last step: 2 ";
        JsonNode ended = listedRun();
        assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("expired");
        assertThat(ended.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(ended.get("host").asText()).isEqualTo("web-2");
        assertThat(ended.get("finished_at").isNull()).isFalse();
        assertThat(ended.get("message").asText()).startsWith(why);
        assertThat(runState(id)).as("the expiry is stored").isEqualTo("expired");
        assertThat(ownerRow(id)).as("no owner any more").isNull();

        JsonNode shown = shownRun(id);
        assertThat(shown.get("state").asText()).isEqualTo("expired");
        assertThat(shown.get("message").asText()).isEqualTo(ended.get("message").asText());
        assertThat(shown.get("finished_at").asText()).isEqualTo(ended.get("finished_at").asText());
        assertThat(shown.get("steps")).as(shown.toString()).hasSize(2);
        Launch.Outcome text = runbook("runs", file.toString(), "show", id);
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("expired", "web-2", "pid " + real[3] + " on " + REMOTE_MACHINE,
                "has not been heard from for more than 60 s");
        Launch.Outcome confirm = runbook("confirm", file.toString(), id, "--operator", "alice");
        assertThat(confirm.exit()).as(confirm.out() + confirm.err()).isEqualTo(3);
        assertThat(confirm.err()).contains("run " + id + " expired: " + why);

        JsonNode again = listedRun();
        assertThat(again.get("state").asText()).as("the run stays ended").isEqualTo("expired");
        assertThat(again.get("message").asText()).isEqualTo(ended.get("message").asText());
        assertThat(again.get("finished_at").asText()).isEqualTo(ended.get("finished_at").asText());
    }

    @Test
    void aRunPausedOnOneHostIsConfirmedFromAnotherProcessOnTheServer() throws Exception {
        Launch.Outcome paused = runbook("run", file.toString(), "--procedure", "gated-deploy", "--format", "json",
                "--host", "web-1");
        JsonNode p = JSON.readTree(paused.out());
        assertThat(p.get("state").asText()).as(paused.out() + paused.err()).isEqualTo("paused");
        String id = p.get("run_id").asText();
        assertThat(ownerRow(id)).as("a paused run has no process").isNull();
        Launch.Outcome confirmed = runbook("confirm", file.toString(), id, "--operator", "alice", "--host", "web-3");
        assertThat(confirmed.exit()).as(confirmed.out() + confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("Confirmed step 1 of run " + id + " by alice");
        assertThat(runState(id)).isEqualTo("finished");
        assertThat(ownerRow(id)).as("an ended run has no owner").isNull();
    }
}

package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual gates, {@code when} conditions and the stored trail of every run (runbook-format §6, §9 [1.1]), through
 * the launcher in separate processes as cron would run it (stdin is not a terminal): a real HTTP health endpoint on
 * 127.0.0.1, a stub {@code systemctl} that logs what it is asked (as the demo sandbox's does), a real SQLite store.
 */
class GatesProcessTest {
    @TempDir
    Path dir;
    HttpServer health;
    final AtomicBoolean healthy = new AtomicBoolean(true);
    Path file;
    Path log;
    Path db;

    @BeforeEach
    void setUp() throws IOException {
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/health", ex -> {
            byte[] body = (healthy.get() ? "{\"status\":\"healthy\"}" : "{\"status\":\"down\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(healthy.get() ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        health.start();
        log = dir.resolve("systemctl.log");
        Files.writeString(log, "");
        Path systemctl = dir.resolve("bin/systemctl");
        Files.createDirectories(systemctl.getParent());
        Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" >> '" + log + "'\nexit 0\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        db = dir.resolve("state/gates.db");
        file = dir.resolve("gates.yaml");
        Files.writeString(file, """
                runbook: gates
                version: 1
                timezone: UTC
                store: { path: "%s" }
                vars:
                  systemctl: "%s"
                  log: "%s"
                checks:
                  health:
                    type: http
                    url: "http://127.0.0.1:%d/health"
                    expect: { status: 200 }
                    timeout: 10s
                actions:
                  stop-estimator: { type: systemd, unit: estimator, verb: stop, systemctl: "${systemctl}" }
                  start-estimator: { type: systemd, unit: estimator, verb: start, systemctl: "${systemctl}" }
                  restart-estimator: { type: systemd, unit: estimator, verb: restart, systemctl: "${systemctl}" }
                  record-commit: { type: command, run: [/bin/echo, abc123], capture: previous_commit }
                  deploy: { type: command, run: [/bin/sh, -c, "echo deploy ${captured.previous_commit} >> ${log}"] }
                  deploy-broken: { type: command, run: [/bin/sh, -c, "echo git pull failed >&2; exit 1"] }
                procedures:
                  maintenance:
                    title: Planned Maintenance
                    steps:
                      - record-commit
                      - { manual: "Display the maintenance page" }
                      - stop-estimator
                      - deploy
                      - start-estimator
                      - { manual: "Tell the users", gate: false }
                  broken-maintenance:
                    title: Planned Maintenance (broken deploy)
                    steps:
                      - { manual: "Display the maintenance page" }
                      - stop-estimator
                      - deploy-broken
                      - start-estimator
                      - { recheck: health }
                  p1-response:
                    steps:
                      - { title: Check ports and health, checks: [health] }
                      - { action: restart-estimator, when: { not_ok: [health] } }
                """.formatted(db, systemctl, log, health.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        health.stop(0);
    }

    Launch.Outcome run(String... args) throws Exception {
        return Launch.plain(dir.resolve("xdg")).env("USER", "cron").run(dir, args);
    }

    List<String> systemctl() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    }

    static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aGatePausesUnderCronStdinAndConfirmResumesItInAnotherProcess() throws Exception {
        Launch.Outcome paused = run("run", file.toString(), "--procedure", "maintenance");
        assertThat(paused.exit()).as(paused.err()).isEqualTo(3);
        assertThat(paused.out()).contains("waiting for confirmation", "PAUSED at step 2: Display the maintenance page",
                "runbook confirm " + file + " 1", "--decline");
        assertThat(systemctl()).isEmpty();

        JsonNode runs = json(run("runs", file.toString(), "--format", "json").out()).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("state").asText()).isEqualTo("paused");
        assertThat(runs.get(0).get("paused_at_step").asInt()).isEqualTo(2);
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("cli");
        assertThat(runs.get(0).get("host").asText()).isNotBlank();

        Launch.Outcome confirmed = run("confirm", file.toString(), "1", "--operator", "alice");
        assertThat(confirmed.exit()).as(confirmed.out() + confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("Confirmed step 2 of run 1 by alice", "confirmed by alice");
        // the value captured before the pause reaches the deploy run by the confirming process
        assertThat(systemctl()).containsExactly("stop estimator", "deploy abc123", "start estimator");

        JsonNode shown = json(run("runs", file.toString(), "show", "1", "--format", "json").out());
        assertThat(shown.get("id").asLong()).isEqualTo(1);
        assertThat(shown.get("state").asText()).isEqualTo("finished");
        assertThat(shown.get("status").asText()).isEqualTo("OK");
        assertThat(shown.get("paused_at_step").isNull()).isTrue();
        List<String> steps = new ArrayList<>();
        shown.get("steps").forEach(s -> steps.add(s.get("index").asInt() + " " + s.get("kind").asText() + " "
                + s.get("outcome").asText() + " " + s.get("message").asText()));
        assertThat(steps).containsExactly("1 action done abc123", "2 manual done confirmed by alice",
                "3 action done " + steps.get(2).substring("3 action done ".length()),
                "4 action done " + steps.get(3).substring("4 action done ".length()),
                "5 action done " + steps.get(4).substring("5 action done ".length()),
                "6 manual skipped not confirmed");
        assertThat(shown.get("steps").get(5).get("status").asText()).isEqualTo("UNKNOWN");

        Launch.Outcome again = run("confirm", file.toString(), "1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("run 1 is finished, not paused");
    }

    @Test
    void aDeclineIsCriticalAndSkipsEveryLaterStep() throws Exception {
        assertThat(run("run", file.toString(), "--procedure", "maintenance").exit()).isEqualTo(3);
        Launch.Outcome declined = run("confirm", file.toString(), "1", "--decline", "--operator", "bob");
        assertThat(declined.exit()).as(declined.out() + declined.err()).isEqualTo(2);
        assertThat(declined.out()).contains("declined by bob");
        assertThat(systemctl()).isEmpty();
        JsonNode shown = json(run("runs", file.toString(), "show", "1", "--format", "json").out());
        assertThat(shown.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(shown.get("steps").get(1).get("status").asText()).isEqualTo("CRITICAL");
        for (int i = 2; i < 6; i++) {
            assertThat(shown.get("steps").get(i).get("outcome").asText()).isEqualTo("skipped");
        }
    }

    @Test
    void whenSkipsTheRestartOnAHealthyServiceAndRunsItOnAFailedOne() throws Exception {
        Launch.Outcome ok = run("run", file.toString(), "--procedure", "p1-response");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("condition not met");
        assertThat(systemctl()).isEmpty();

        healthy.set(false);
        Launch.Outcome down = run("run", file.toString(), "--procedure", "p1-response", "--format", "json");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(systemctl()).containsExactly("restart estimator");
        JsonNode runs = json(run("runs", file.toString(), "--format", "json").out()).get("runs");
        assertThat(runs.get(0).get("steps").get(1).get("outcome").asText()).isEqualTo("done");
        assertThat(runs.get(1).get("steps").get(1).get("outcome").asText()).isEqualTo("skipped");
        assertThat(runs.get(1).get("steps").get(1).get("message").asText()).startsWith("condition not met");
    }

    @Test
    void runsShowReadsBackAFailedMaintenanceStepByStepAndYesConfirmsUpFront() throws Exception {
        healthy.set(false);
        Launch.Outcome r = run("run", file.toString(), "--procedure", "broken-maintenance", "--yes",
                "--operator", "rehearsal", "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        JsonNode result = json(r.out());
        assertThat(result.get("run_id").asLong()).isEqualTo(1);
        assertThat(result.has("state")).isFalse();
        assertThat(systemctl()).containsExactly("stop estimator", "start estimator");

        Launch.Outcome text = run("runs", file.toString(), "show", "1");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("Run 1", "broken-maintenance", "State: finished", "CRITICAL",
                "confirmed by rehearsal", "deploy-broken", "failed", "git pull failed", "recheck health");

        JsonNode shown = json(run("runs", file.toString(), "show", "1", "--format", "json").out());
        List<String> kinds = new ArrayList<>();
        shown.get("steps").forEach(s -> kinds.add(s.get("kind").asText() + "=" + s.get("status").asText()));
        assertThat(kinds).containsExactly("manual=OK", "action=OK", "action=CRITICAL", "action=OK", "recheck=CRITICAL");
        JsonNode recheck = shown.get("steps").get(4);
        assertThat(recheck.get("checks").get(0).asText()).isEqualTo("health");
        assertThat(recheck.get("started_at").asText()).isNotBlank();
        assertThat(shown.get("operator").asText()).isEqualTo("rehearsal");

        Launch.Outcome unknown = run("runs", file.toString(), "show", "99");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no run 99");
    }

    @Test
    void aPausedRunExpiresAfterItsPauseTimeoutAndNothingAfterTheGateRuns() throws Exception {
        Launch.Outcome listed = run("runs", file.toString());
        assertThat(listed.out()).contains("No runs stored");
        assertThat(db).doesNotExist(); // read-only: the store is not created to say it is empty

        assertThat(run("run", file.toString(), "--procedure", "maintenance").exit()).isEqualTo(3);
        // a day and an hour pass: the run paused 25 hours ago
        long dayAgo = System.currentTimeMillis() - 25 * 3_600_000L;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.executeUpdate("UPDATE runs SET started_at = " + dayAgo + ", finished_at = " + dayAgo);
        }
        Launch.Outcome seen = run("runs", file.toString(), "--format", "json");
        assertThat(json(seen.out()).get("runs").get(0).get("state").asText()).isEqualTo("expired");
        assertThat(storedState()).isEqualTo("paused"); // runs only reads

        Launch.Outcome confirm = run("confirm", file.toString(), "1", "--operator", "alice");
        assertThat(confirm.exit()).isEqualTo(3);
        assertThat(confirm.err()).contains("run 1 expired at step 2 (not confirmed within 24h)");
        assertThat(storedState()).isEqualTo("expired");
        assertThat(systemctl()).isEmpty();
        JsonNode shown = json(run("runs", file.toString(), "show", "1", "--format", "json").out());
        assertThat(shown.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(shown.get("steps").get(1).get("message").asText()).isEqualTo("not confirmed within 24h");
    }

    String storedState() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state FROM runs WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

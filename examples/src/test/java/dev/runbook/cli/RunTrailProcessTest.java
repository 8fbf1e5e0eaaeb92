package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored trail of a run as other processes meet it (runbook-format §6, §9 [1.1]), through the launcher in
 * separate processes with a real SQLite store: a run killed with SIGKILL half-way through its procedure still shows
 * the steps it finished (each is stored as it finishes) and, while its process lived, was {@code running}; once the
 * process is gone it is {@code expired}, saying which process ended without finishing it and its last finished
 * step; one killed during a remediation's wait shows the check steps whose checks had finished. A {@code confirm} killed
 * after claiming a paused run leaves it expired too, and a later confirm says so. Two {@code runbook confirm} of one
 * paused run racing each other — only one resumes it, the other is told so and changes nothing.
 */
class RunTrailProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Path file;
    Path log;

    @BeforeEach
    void setUp() throws Exception {
        log = dir.resolve("after-the-gate.log");
        Files.writeString(log, "");
        file = dir.resolve("trail.yaml");
        Files.writeString(file, """
                runbook: trail
                version: 1
                timezone: UTC
                store: { path: "%s" }
                checks:
                  disk: { type: disk, path: "%s", warning: 99.9%%, critical: 99.99%% }
                  services: { type: file, path: "%s", on_critical: restart-services }
                actions:
                  restart-estimator: { type: command, run: [/bin/sh, -c, "echo $$ > '%s'"] }
                  slow-deploy: { type: command, timeout: 60s, run: [/bin/sh, -c, "sleep 3; echo deployed >> '%s'"] }
                  record-commit: { type: command, run: [/bin/echo, abc123] }
                  stuck-deploy: { type: command, timeout: 10m, run: [/bin/sh, -c, "echo $$ > '%s'; exec sleep 600"] }
                escalation:
                  levels:
                    P2: { title: Partial service outage, respond: 30m, notify: [archive] }
                notifiers:
                  archive: { type: file, path: "%s" }
                remediations:
                  restart-services:
                    - restart-estimator
                    - { wait: 10m }
                    - { recheck: services }
                procedures:
                  morning-check:
                    title: Morning Check
                    steps:
                      - { title: Service status check, checks: [services] }
                      - { title: Disk usage check, checks: [disk] }
                      - record-commit
                  escalating:
                    title: Weekly check
                    steps:
                      - { title: Disk space, checks: [disk] }
                      - record-commit
                      - { escalate: P2 }
                  deploy:
                    title: Deploy
                    steps:
                      - { title: Disk space, checks: [disk] }
                      - record-commit
                      - stuck-deploy
                      - { recheck: disk }
                  gated-deploy:
                    title: Gated deploy
                    steps:
                      - { manual: "Announce the deploy" }
                      - stuck-deploy
                  maintenance:
                    title: Planned Maintenance
                    steps:
                      - { manual: "Display the maintenance page" }
                      - slow-deploy
                """.formatted(dir.resolve("state/trail.db"), dir, dir.resolve("estimator.running"),
                dir.resolve("restart.pid"), log, dir.resolve("stuck.pid"),
                dir.resolve("notifications.jsonl")));
    }

    Launch launcher() {
        return Launch.plain(dir.resolve("xdg")).env("USER", "cron");
    }

    /** Waits (a hang guard, not a speed bound) until the stuck step has written its pid, the launcher still alive. */
    void untilTheStuckStepStarted(Process p, Path err) throws Exception {
        Path pid = dir.resolve("stuck.pid");
        for (int i = 0; i < 1200 && (!Files.exists(pid) || Files.readString(pid).isBlank()); i++) {
            assertThat(p.isAlive()).as("the run is still going: " + Files.readString(err)).isTrue();
            Thread.sleep(100);
        }
        assertThat(pid).as("the stuck step started").exists();
    }

    /** SIGKILL (no shutdown hook, nothing written at the end), then ends the stuck step's own process too. */
    void kill(Process p) throws Exception {
        Path pid = dir.resolve("stuck.pid");
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher was killed").isTrue();
        if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aRunKilledHalfWayLeavesTheStepsItDidAndEndsExpiredOnceItsProcessIsGone() throws Exception {
        Process p = launcher().start(dir, dir.resolve("run.out"), dir.resolve("run.err"), "run", file.toString(),
                "--procedure", "deploy");
        String id;
        try {
            untilTheStuckStepStarted(p, dir.resolve("run.err"));
            // another process reads the run while its own process is alive: it is running, never expired
            Launch.Outcome live = launcher().run(dir, "runs", file.toString(), "--format", "json");
            JsonNode liveRuns = JSON.readTree(live.out()).get("runs");
            assertThat(liveRuns).as(live.out() + live.err()).hasSize(1);
            assertThat(liveRuns.get(0).get("state").asText()).as("its process lives").isEqualTo("running");
            assertThat(liveRuns.get(0).has("message")).isFalse();
            id = liveRuns.get(0).get("id").asText();
        } finally {
            kill(p);
        }
        Launch.Outcome ending = launcher().run(dir, "runs", file.toString(), "--format", "json");
        JsonNode runs = JSON.readTree(ending.out());
        assertThat(runs.get("runs")).hasSize(1);
        assertThat(runs.get("runs").get(0).get("id").asText()).isEqualTo(id);
        // the reader that ends it says so once, in the launcher's words (no thread or class name)
        assertThat(ending.err()).startsWith("runbook: warning: run " + id + " expired: the process that ran it (pid "
                + p.pid() + " on ").doesNotContain("WARN", "dev.runbook", "[main]");
        Launch.Outcome shown = launcher().run(dir, "runs", file.toString(), "show", id, "--format", "json");
        JsonNode run = JSON.readTree(shown.out());
        assertThat(run.get("procedure").asText()).isEqualTo("deploy");
        assertThat(run.get("state").asText()).as("its process is gone: it can never end by itself").isEqualTo("expired");
        assertThat(run.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(run.get("finished_at").isNull()).isFalse();
        assertThat(run.get("message").asText()).as(shown.out())
                .startsWith("the process that ran it (pid " + p.pid() + " on ")
                .contains(") ended without finishing it; last step: 2 ");
        JsonNode steps = run.get("steps");
        assertThat(steps).as(shown.out()).hasSize(2);
        assertThat(steps.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(steps.get(0).get("title").asText()).isEqualTo("Disk space");
        assertThat(steps.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(steps.get(1).get("outcome").asText()).isEqualTo("done");
        assertThat(steps.get(1).get("message").asText()).contains("abc123");
        Launch.Outcome text = launcher().run(dir, "runs", file.toString(), "show", id);
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("expired", "Disk space", "pid " + p.pid(), "ended without finishing it");
        Launch.Outcome list = launcher().run(dir, "runs", file.toString());
        assertThat(list.out()).contains("EXPIRED", "ended without finishing it");
    }

    @Test
    void aRunKilledDuringARemediationsWaitShowsTheCheckStepsThatHadFinished() throws Exception {
        Path restartPid = dir.resolve("restart.pid");
        Process p = launcher().start(dir, dir.resolve("run.out"), dir.resolve("run.err"), "run", file.toString(),
                "--procedure", "morning-check");
        try {
            // the services check is CRITICAL (its file is missing): its remediation restarts, then waits 10 minutes
            for (int i = 0; i < 1200 && (!Files.exists(restartPid) || Files.readString(restartPid).isBlank()); i++) {
                assertThat(p.isAlive()).as("the run is still going: " + Files.readString(dir.resolve("run.err")))
                        .isTrue();
                Thread.sleep(100);
            }
            long restart = Long.parseLong(Files.readString(restartPid).trim());
            // the restart's process has ended: the remediation is in its wait (a hang guard, not a speed bound)
            for (int i = 0; i < 600 && ProcessHandle.of(restart).map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as("the run waits: " + Files.readString(dir.resolve("run.err"))).isTrue();
        } finally {
            kill(p);
        }
        Launch.Outcome listed = launcher().run(dir, "runs", file.toString(), "--format", "json");
        JsonNode runs = JSON.readTree(listed.out()).get("runs");
        assertThat(runs).as(listed.out() + listed.err()).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("procedure").asText()).isEqualTo("morning-check");
        assertThat(run.get("state").asText()).isEqualTo("expired");
        assertThat(run.get("message").asText()).as(listed.out())
                .startsWith("the process that ran it (pid " + p.pid() + " on ")
                .endsWith(") ended without finishing it; last step: 2 \"Disk usage check\" (OK)");
        JsonNode steps = run.get("steps");
        assertThat(steps).as("the batch's check steps had finished; nothing after them: " + listed.out()).hasSize(2);
        assertThat(steps.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(steps.get(0).get("title").asText()).isEqualTo("Service status check");
        assertThat(steps.get(0).get("status").asText()).as("its check's own result").isEqualTo("CRITICAL");
        assertThat(steps.get(0).get("message").asText()).isEqualTo("services CRITICAL");
        assertThat(steps.get(0).get("finished_at").isNull()).isFalse();
        assertThat(steps.get(1).get("title").asText()).isEqualTo("Disk usage check");
        assertThat(steps.get(1).get("status").asText()).isEqualTo("OK");
        Launch.Outcome text = launcher().run(dir, "runs", file.toString(), "show", run.get("id").asText());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("expired", "Service status check", "services CRITICAL", "Disk usage check",
                "last step: 2 \"Disk usage check\"");
    }

    @Test
    void aConfirmKilledAfterClaimingAPausedRunLeavesItExpiredAndALaterConfirmSaysSo() throws Exception {
        Launch.Outcome paused = launcher().run(dir, "run", file.toString(), "--procedure", "gated-deploy",
                "--format", "json");
        JsonNode pj = JSON.readTree(paused.out());
        assertThat(pj.get("state").asText()).as(paused.out() + paused.err()).isEqualTo("paused");
        String id = pj.get("run_id").asText();
        Process c = launcher().start(dir, dir.resolve("confirm.out"), dir.resolve("confirm.err"), "confirm",
                file.toString(), id, "--operator", "alice");
        try {
            untilTheStuckStepStarted(c, dir.resolve("confirm.err"));
        } finally {
            kill(c);
        }
        Launch.Outcome again = launcher().run(dir, "confirm", file.toString(), id, "--operator", "bob");
        assertThat(again.exit()).as(again.err()).isEqualTo(3);
        assertThat(again.err()).contains("run " + id + " expired: the process that ran it (pid " + c.pid() + " on ",
                "ended without finishing it", "runbook run " + file + " --procedure gated-deploy");
        JsonNode run = JSON.readTree(launcher().run(dir, "runs", file.toString(), "show", id, "--format", "json")
                .out());
        assertThat(run.get("state").asText()).isEqualTo("expired");
        assertThat(run.get("message").asText()).contains("pid " + c.pid(), "last step: 1 \"Announce the deploy\"");
    }

    @Test
    void anIncidentOpenedByAProcedureStepListsTheEarlierStepsAsItsInitialResponse() throws Exception {
        Launch.Outcome o = launcher().run(dir, "run", file.toString(), "--procedure", "escalating");
        assertThat(o.err()).doesNotContain("Exception");
        Launch.Outcome inc = launcher().run(dir, "incidents", file.toString(), "--format", "json");
        JsonNode incidents = JSON.readTree(inc.out()).get("incidents");
        assertThat(incidents).as(inc.out()).hasSize(1);
        List<String> actions = new ArrayList<>();
        for (JsonNode e : incidents.get(0).get("timeline")) {
            if (e.get("kind").asText().equals("action")) {
                actions.add(e.get("text").asText());
            }
        }
        assertThat(actions).as(inc.out()).containsExactly("Disk space → OK", "record-commit → done: abc123");
        String sent = Files.readString(dir.resolve("notifications.jsonl"));
        assertThat(sent).contains("Initial Response", "Disk space → OK", "record-commit → done: abc123")
                .doesNotContain("No automatic action taken yet");
    }

    @Test
    void twoConfirmsOfOnePausedRunResumeItOnce() throws Exception {
        Launch.Outcome paused = launcher().run(dir, "run", file.toString(), "--procedure", "maintenance",
                "--format", "json");
        JsonNode p = JSON.readTree(paused.out());
        assertThat(p.get("state").asText()).as(paused.out() + paused.err()).isEqualTo("paused");
        String id = p.get("run_id").asText();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Launch.Outcome>> racing = new ArrayList<>();
        try {
            for (String who : List.of("alice", "bob")) {
                racing.add(pool.submit(() -> {
                    go.await();
                    return launcher().run(dir, "confirm", file.toString(), id, "--operator", who);
                }));
            }
            go.countDown();
            List<Launch.Outcome> done = new ArrayList<>();
            for (Future<Launch.Outcome> f : racing) {
                done.add(f.get(120, TimeUnit.SECONDS)); // a hang guard, not a speed bound
            }
            List<Launch.Outcome> won = done.stream().filter(o -> o.exit() == 0).toList();
            List<Launch.Outcome> lost = done.stream().filter(o -> o.exit() != 0).toList();
            assertThat(won).as("exactly one confirm resumes the run: " + done).hasSize(1);
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0).exit()).as("the loser's exit: not paused (1), as for a run that is not paused")
                    .isEqualTo(1);
            assertThat(lost.get(0).err()).contains("run " + id).containsAnyOf("no longer paused", "not paused");
            assertThat(won.get(0).out()).contains("Confirmed step 1 of run " + id);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(log)).as("the step after the gate ran once").containsExactly("deployed");
        JsonNode run = JSON.readTree(launcher().run(dir, "runs", file.toString(), "show", id, "--format", "json").out());
        assertThat(run.get("state").asText()).isEqualTo("finished");
        assertThat(run.get("status").asText()).isEqualTo("OK");
    }
}

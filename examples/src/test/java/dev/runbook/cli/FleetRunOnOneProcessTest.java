package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.store.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons — separate processes, host names web-1..3 — on one real PostgreSQL store run the morning check on
 * every host and a {@code run_on: one} procedure once for the fleet (runbook-format §10): {@code history} and
 * {@code report} show all three hosts; every fire time of the {@code run_on: one} procedure ran on exactly one
 * host (read back with {@code runs --format json}); and when the daemon holding that procedure's lease is killed
 * (SIGKILL: no release) a survivor takes the lease within one second of the dead holder's lease running out, i.e.
 * within TTL + 1 s of its last renewal, and runs the next firings. The lease's times are read from its row (the
 * daemons' clocks), so the test times nothing itself.
 */
@org.junit.jupiter.api.parallel.ResourceLock(DaemonHungProbeProcessTest.TIGHT_BOUNDS) // its 1 s bound
class FleetRunOnOneProcessTest {
    static final double TTL_SECONDS = 2;
    /** The run_on: one procedure's interval: fire times are aligned to it, so each run belongs to one. */
    static final int EVERY_SECONDS = 5;
    @TempDir
    static Path dir;

    private static Process daemon(String host, Path err) throws Exception {
        return FleetDaemon.start(dir, "fleet.yaml", host, TTL_SECONDS, err);
    }

    private static Launch launcher() {
        return Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD);
    }

    private static String[] lease(String db, String name) throws Exception {
        return FleetDaemon.lease(db, name);
    }

    /** The sweep's runs as {@code runs --format json} lists them: host and start, oldest first. */
    private static List<String[]> sweeps() throws Exception {
        Launch.Outcome o = launcher().run(dir, "runs", "fleet.yaml", "--procedure", "sweep", "--since", "1h",
                "--format", "json");
        assertThat(o.exit()).as(o.err()).isZero();
        List<String[]> out = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(o.out()).get("runs")) {
            out.add(0, new String[] {r.get("host").asText(), r.get("started_at").asText()});
        }
        return out;
    }

    @Test
    @Timeout(300)
    void aRunOnOneProcedureRunsOncePerFireAcrossThreeHostsAndASurvivorTakesItOverWhenTheHolderIsKilled()
            throws Exception {
        String db = PostgresServer.shared().newDatabase();
        Files.writeString(dir.resolve("fleet.yaml"), """
                runbook: fleet
                version: 1
                timezone: UTC
                secrets:
                  store_password: "${env:STORE_PASSWORD}"
                store: {url: "%s", username: %s, password: "${secret:store_password}"}
                checks:
                  marker:
                    type: file
                    path: ./fleet.yaml
                  swept:
                    type: file
                    path: ./fleet.yaml
                procedures:
                  morning-check:
                    schedule: every 1m
                    steps: [marker]
                  sweep:
                    run_on: one
                    schedule: every %ds
                    steps: [swept]
                """.formatted(PostgresServer.shared().url(db), PostgresServer.USER, EVERY_SECONDS));
        assertThat(launcher().run(dir, "store", "migrate", "fleet.yaml").exit()).isZero();
        Map<String, Process> daemons = new LinkedHashMap<>();
        try {
            for (String host : List.of("web-1", "web-2", "web-3")) {
                daemons.put(host, daemon(host, dir.resolve(host + ".err")));
            }
            // the morning check runs on every host (--run-now) and is recorded as each host's
            Set<String> hosts = new HashSet<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (hosts.size() < 3 && System.nanoTime() < until) {
                Launch.Outcome h = launcher().run(dir, "history", "fleet.yaml", "--check", "marker", "--format", "json");
                if (h.exit() == 0) {
                    new ObjectMapper().readTree(h.out()).get("results").findValuesAsText("host").forEach(hosts::add);
                }
                if (hosts.size() < 3) {
                    Thread.sleep(500);
                }
            }
            assertThat(hosts).as(errors(daemons)).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
            Launch.Outcome report = launcher().run(dir, "report", "fleet.yaml", "day");
            assertThat(report.exit()).as(report.err()).isZero();
            assertThat(report.out()).contains("Hosts").contains("web-1: ").contains("web-2: ").contains("web-3: ");

            // the sweep runs under its lease; wait for two scheduled firings
            while (sweeps().size() < 3 && System.nanoTime() < until) {
                Thread.sleep(500);
            }
            String[] held = lease(db, "procedure:sweep");
            assertThat(held).as("a daemon holds the sweep's lease: " + errors(daemons)).isNotNull();
            String holder = held[0];
            assertThat(daemons).containsKey(holder);
            assertThat(sweeps()).as("only the lease holder has run the sweep so far").extracting(r -> r[0])
                    .containsOnly(holder).hasSizeGreaterThanOrEqualTo(3);

            daemons.get(holder).destroyForcibly(); // SIGKILL: the lease is not released
            assertThat(daemons.get(holder).waitFor(30, TimeUnit.SECONDS)).isTrue();
            String[] last = lease(db, "procedure:sweep");
            long deadUntil = Long.parseLong(last[2]);
            String[] next = last;
            long takeover = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (next[0].equals(holder) && System.nanoTime() < takeover) {
                Thread.sleep(100);
                next = lease(db, "procedure:sweep");
            }
            String survivor = next[0];
            assertThat(survivor).as("a survivor took the lease: " + errors(daemons)).isNotEqualTo(holder)
                    .isIn(daemons.keySet());
            long takenAt = Long.parseLong(next[1]);
            System.out.printf("sweep lease: %s died holding it until %d; %s took it at %d (%d ms after it ran out)%n",
                    holder, deadUntil, survivor, takenAt, takenAt - deadUntil);
            assertThat(takenAt - deadUntil).as("taken within 1 s of the dead holder's lease running out")
                    .isBetween(0L, 1000L);

            // the survivor runs the next firings
            long done = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String[]> all = sweeps();
            while (all.stream().filter(r -> r[0].equals(survivor)).count() < 2 && System.nanoTime() < done) {
                Thread.sleep(500);
                all = sweeps();
            }
            assertThat(all).extracting(r -> r[0]).as(errors(daemons)).contains(survivor);
            assertThat(all).extracting(r -> r[0]).as("one host ran it at a time").containsOnly(holder, survivor);
            // once per fire: after the --run-now firing, each run belongs to its own aligned fire time
            List<Long> fires = all.subList(1, all.size()).stream()
                    .map(r -> OffsetDateTime.parse(r[1]).toEpochSecond() / EVERY_SECONDS).toList();
            assertThat(fires).as("every fire time ran once across the fleet: " + fires).doesNotHaveDuplicates();
        } finally {
            daemons.values().forEach(Process::destroyForcibly);
        }
    }

    private static String errors(Map<String, Process> daemons) throws Exception {
        return FleetDaemon.errors(dir, daemons);
    }
}

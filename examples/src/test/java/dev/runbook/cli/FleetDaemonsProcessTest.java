package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.store.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Three daemons — separate processes, three host names — on one real PostgreSQL store (runbook-format §10):
 * each records its own runs of the scheduled morning check, {@code history} shows all three hosts, exactly one
 * holds the fleet lease, and when the holder is killed (SIGKILL: no release) a survivor takes the lease within
 * one second of the dead holder's lease running out, i.e. within TTL + 1 s of its last renewal. The lease's times
 * are read from its row (the daemons' clocks), so the test does not time anything itself.
 */
@org.junit.jupiter.api.parallel.ResourceLock(DaemonHungProbeProcessTest.TIGHT_BOUNDS) // its 1 s bound
class FleetDaemonsProcessTest {
    static final double TTL_SECONDS = 2;
    @TempDir
    static Path dir;

    private static Process daemon(String host, Path err) throws Exception {
        return FleetDaemon.start(dir, "fleet.yaml", host, TTL_SECONDS, err);
    }

    private static String[] lease(String db) throws Exception {
        return FleetDaemon.lease(db, "fleet-work");
    }

    @Test
    @Timeout(300)
    void threeHostsShareOneStoreAndASurvivorTakesTheFleetLeaseWhenTheHolderIsKilled() throws Exception {
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
                procedures:
                  morning-check:
                    schedule: every 1m
                    steps: [marker]
                """.formatted(PostgresServer.shared().url(db), PostgresServer.USER));
        assertThat(Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD)
                .run(dir, "store", "migrate", "fleet.yaml").exit()).isZero();
        Map<String, Process> daemons = new LinkedHashMap<>();
        try {
            for (String host : List.of("web-1", "web-2", "web-3")) {
                daemons.put(host, daemon(host, dir.resolve(host + ".err")));
            }
            // each daemon runs the morning check at start (--run-now) and records it as its host
            Set<String> hosts = new HashSet<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (hosts.size() < 3 && System.nanoTime() < until) {
                Launch.Outcome h = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD)
                        .run(dir, "history", "fleet.yaml", "--format", "json");
                if (h.exit() == 0) {
                    JsonNode rows = new ObjectMapper().readTree(h.out()).get("results");
                    rows.findValuesAsText("host").forEach(hosts::add);
                }
                if (hosts.size() < 3) {
                    Thread.sleep(500);
                }
            }
            assertThat(hosts).as(errors(daemons)).containsExactlyInAnyOrder("web-1", "web-2", "web-3");

            String[] held = lease(db);
            while (held == null && System.nanoTime() < until) {
                Thread.sleep(200);
                held = lease(db);
            }
            assertThat(held).as("a daemon holds the fleet lease: " + errors(daemons)).isNotNull();
            String holder = held[0];
            assertThat(daemons).containsKey(holder);

            daemons.get(holder).destroyForcibly(); // SIGKILL: the lease is not released
            assertThat(daemons.get(holder).waitFor(30, TimeUnit.SECONDS)).isTrue();
            String[] last = lease(db);
            long deadUntil = Long.parseLong(last[2]);
            String[] next = last;
            long takeover = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (next[0].equals(holder) && System.nanoTime() < takeover) {
                Thread.sleep(100);
                next = lease(db);
            }
            assertThat(next[0]).as("a survivor took the lease: " + errors(daemons)).isNotEqualTo(holder)
                    .isIn(daemons.keySet());
            long takenAt = Long.parseLong(next[1]);
            System.out.printf("fleet lease: %s died holding it until %d; %s took it at %d (%d ms after it ran out)%n",
                    holder, deadUntil, next[0], takenAt, takenAt - deadUntil);
            assertThat(takenAt - deadUntil).as("taken within 1 s of the dead holder's lease running out")
                    .isBetween(0L, 1000L);
        } finally {
            daemons.values().forEach(Process::destroyForcibly);
        }
    }

    private static String errors(Map<String, Process> daemons) throws Exception {
        return FleetDaemon.errors(dir, daemons);
    }
}

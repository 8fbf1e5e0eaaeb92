package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.store.PostgresServer;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forced failover during an open P1 (runbook-format §10: "nothing is sent twice and nothing is lost"): two
 * daemons — separate processes, two host names — on one real PostgreSQL store run a check that fails and opens a
 * P1 with an escalation step and updates, notifying a webhook on 127.0.0.1 that records every request. The holder
 * of the fleet lease is killed (SIGKILL) just as the escalation falls due; the survivor takes the lease, fires
 * the escalation and goes on with the updates; the service comes back and the incident resolves. Every
 * notification the store wrote arrived at the webhook exactly once (by its idempotency key, which is the same on
 * every attempt), none arrived that the store did not write, and the escalation was sent once.
 */
class FailoverNotificationsProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;

    /** One request the webhook received. */
    record Received(String key, String event, String incident, String body) {
    }

    private static Process daemon(String host, Path err) throws Exception {
        String cp = Launch.testClassPath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName(),
                "daemon", "failover.yaml", "--run-now", "--listen", "127.0.0.1:0", "--host", host));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.environment().put("STORE_PASSWORD", PostgresServer.PASSWORD);
        pb.environment().put("RUNBOOK_LEASE_TTL", "2");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    private static String leaseHolder(String db) throws Exception {
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder FROM leases WHERE name = 'fleet-work'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Long firstEscalationDue(String db) throws Exception {
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(due_at) FROM incident_escalations")) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? null : v;
        }
    }

    /** The idempotency key of every outbox row, as the outbox gives it to notifiers, with the row's state. */
    private static Map<String, String> outbox(String db) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT runbook, id, created_at, state FROM incident_outbox")) {
            while (rs.next()) {
                String key = "runbook:" + rs.getString(1) + ":outbox:" + rs.getLong(2) + ":" + rs.getLong(3);
                rows.put(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString(), rs.getString(4));
            }
        }
        return rows;
    }

    private static void await(String what, Predicate<Void> done, long seconds, Map<String, Process> daemons)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.test(null)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("gave up waiting for " + what + errors(daemons));
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Timeout(600)
    void aFailoverDuringAnOpenP1SendsEveryNotificationOnceAndLosesNone() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        hook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode n = JSON.readTree(body);
            received.add(new Received(ex.getRequestHeaders().getFirst("Idempotency-Key"),
                    n.path("fields").path("event").asText(), n.path("fields").path("incident").asText(), body));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        String db = PostgresServer.shared().newDatabase();
        Files.writeString(dir.resolve("failover.yaml"), """
                runbook: failover
                version: 1
                timezone: UTC
                secrets:
                  store_password: "${env:STORE_PASSWORD}"
                store: {url: "%s", username: %s, password: "${secret:store_password}"}
                checks:
                  service:
                    type: file
                    path: ./service-up
                    incident: P1
                procedures:
                  watch:
                    schedule: every 2s
                    steps: [service]
                escalation:
                  levels:
                    P1: { title: Complete service outage, respond: 0m, notify: [ops],
                          then: [ { after: 20s, notify: [ops] } ] }
                  updates: 8s
                  contacts:
                    ops: { via: hook }
                notifiers:
                  hook: { type: webhook, url: "http://127.0.0.1:%d/hook" }
                """.formatted(PostgresServer.shared().url(db), PostgresServer.USER, hook.getAddress().getPort()));
        Launch.Outcome migrated = Launch.plain(dir.resolve("xdg")).env("STORE_PASSWORD", PostgresServer.PASSWORD)
                .run(dir, "store", "migrate", "failover.yaml");
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        Map<String, Process> daemons = new LinkedHashMap<>();
        try {
            for (String host : List.of("web-1", "web-2")) {
                daemons.put(host, daemon(host, dir.resolve(host + ".err")));
            }
            await("the P1 to open and notify", v -> received.stream().anyMatch(r -> r.event().equals("opened")),
                    180, daemons);
            Long due = null;
            while (due == null) {
                due = firstEscalationDue(db);
                Thread.sleep(100);
            }
            // kill the lease holder as the escalation falls due (its daemon's clock and ours are one machine's):
            // just before, so that normally the escalation falls due while nobody holds the lease
            long dueAt = due;
            await("the escalation to be nearly due", v -> System.currentTimeMillis() >= dueAt - 1500, 60, daemons);
            String holder = leaseHolder(db);
            assertThat(daemons).as("a daemon holds the fleet lease").containsKey(holder);
            daemons.get(holder).destroyForcibly();
            assertThat(daemons.get(holder).waitFor(30, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.currentTimeMillis();
            String survivor = daemons.keySet().stream().filter(h -> !h.equals(holder)).findFirst().orElseThrow();
            System.out.printf("failover: killed %s holding the fleet lease %d ms %s the escalation was due%n", holder,
                    Math.abs(dueAt - killedAt), killedAt <= dueAt ? "before" : "after");

            await("the escalation", v -> received.stream().anyMatch(r -> r.event().equals("escalated")), 120, daemons);
            int updatesBefore = (int) received.stream().filter(r -> r.event().equals("update")).count();
            await("an update from the survivor", v -> received.stream().filter(r -> r.event().equals("update"))
                    .count() > updatesBefore, 120, daemons);
            await("the survivor to hold the lease", v -> {
                try {
                    return survivor.equals(leaseHolder(db));
                } catch (Exception e) {
                    return false;
                }
            }, 60, daemons);
            Files.writeString(dir.resolve("service-up"), "up\n");
            await("the recovery notice", v -> received.stream().anyMatch(r -> r.event().equals("resolved")), 120,
                    daemons);
            // let the survivor finish what it started before it is stopped
            await("the outbox to be empty", v -> {
                try {
                    return !outbox(db).containsValue("pending");
                } catch (Exception e) {
                    return false;
                }
            }, 60, daemons);
            daemons.get(survivor).destroy();
            assertThat(daemons.get(survivor).waitFor(60, TimeUnit.SECONDS)).isTrue();

            Map<String, String> rows = outbox(db);
            List<String> keys = received.stream().map(Received::key).toList();
            System.out.printf("failover: %d notifications written, %d requests received: %s%n", rows.size(),
                    keys.size(), received.stream().map(Received::event).toList());
            assertThat(keys).as("no request without an idempotency key").doesNotContainNull();
            assertThat(new HashSet<>(keys)).as("nothing sent twice: " + received).hasSameSizeAs(keys);
            assertThat(new HashSet<>(keys)).as("nothing lost, nothing unknown")
                    .isEqualTo(rows.keySet());
            assertThat(rows.values()).as("every written notification delivered").containsOnly("delivered");
            Set<String> incidents = new HashSet<>();
            received.forEach(r -> incidents.add(r.incident()));
            for (String incident : incidents) {
                assertThat(received.stream().filter(r -> r.incident().equals(incident) && r.event().equals("opened")))
                        .as("incident #" + incident + " opened once").hasSize(1);
                assertThat(received.stream().filter(r -> r.incident().equals(incident)
                        && r.event().equals("escalated"))).as("incident #" + incident + " escalated once").hasSize(1);
            }
            assertThat(received.stream().filter(r -> r.event().equals("resolved"))).hasSizeBetween(1,
                    incidents.size());
        } finally {
            daemons.values().forEach(Process::destroyForcibly);
            hook.stop(0);
        }
    }

    private static String errors(Map<String, Process> daemons) throws Exception {
        return FleetDaemon.errors(dir, daemons);
    }
}

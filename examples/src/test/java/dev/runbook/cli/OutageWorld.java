package dev.runbook.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The seed's outage in a directory, for launcher process tests: the demo sandbox's stub {@code systemctl} (unit
 * states in files) behind a wrapper that logs every call, and a real HTTP {@code /health} on 127.0.0.1 that answers
 * healthy exactly while the stub says the estimator unit is active. A unit marked broken fails to start, so its
 * restart does not help. Close it.
 */
final class OutageWorld implements AutoCloseable {
    final Path dir;
    final Path units;
    final Path calls;
    final Path systemctl;
    private final HttpServer health;

    OutageWorld(Path dir) throws IOException {
        this.dir = dir;
        this.units = dir.resolve("units");
        this.calls = dir.resolve("systemctl-calls.log");
        Files.createDirectories(units);
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path stub = bin.resolve("systemctl-stub");
        try (InputStream in = dev.runbook.runtime.sandbox.DemoSandbox.class.getResourceAsStream("/demo/systemctl")) {
            Files.writeString(stub, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@UNITS@", units.toString()));
        }
        systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\nexec '" + stub + "' \"$@\"\n");
        for (Path p : List.of(stub, systemctl)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(calls, "");
        unit("httpd", "active");
        unit("estimator", "inactive");
        health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        health.createContext("/health", ex -> {
            boolean up = "active".equals(Files.readString(units.resolve("estimator")).trim());
            byte[] body = (up ? "{\"status\":\"healthy\"}" : "{\"status\":\"down\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(up ? 200 : 503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        health.start();
    }

    int healthPort() {
        return health.getAddress().getPort();
    }

    void unit(String unit, String state) throws IOException {
        Files.writeString(units.resolve(unit), state + "\n");
    }

    /** A broken unit fails to start: its restart does not help. */
    void broken(String unit, boolean broken) throws IOException {
        Path f = units.resolve(unit + ".broken");
        if (broken) {
            Files.writeString(f, "broken by the test\n");
        } else {
            Files.deleteIfExists(f);
        }
    }

    /** How many times the stub was asked to {@code verb} the unit. */
    long calls(String verb, String unit) throws IOException {
        return Files.readAllLines(calls).stream().filter(l -> l.equals(verb + " " + unit)).count();
    }

    /**
     * The seed's services and health checks, each with a restart remediation naming both units, and P1;
     * {@code extraProcedures} are YAML lines added under {@code procedures:}.
     */
    String runbook(String... extraProcedures) {
        StringBuilder b = new StringBuilder(String.join("\n",
                "runbook: outage",
                "title: AI Estimator System",
                "version: 1",
                "timezone: UTC",
                "store: ./state/outage.db",
                "checks:",
                "  services:",
                "    type: systemd",
                "    title: Service status",
                "    units: [httpd, estimator]",
                "    systemctl: " + systemctl,
                "    on_critical: restart-services",
                "    incident: P1",
                "  health:",
                "    type: http",
                "    title: Health check",
                "    url: \"http://127.0.0.1:" + healthPort() + "/health\"",
                "    expect: { status: 200, json: { status: healthy } }",
                "    timeout: 10s",
                "    on_critical: p1-recovery",
                "    incident: P1",
                "actions:",
                "  restart-estimator: { type: systemd, title: Restart estimator, unit: estimator, verb: restart,"
                        + " systemctl: " + systemctl + " }",
                "  restart-httpd: { type: systemd, title: Restart Apache, unit: httpd, verb: restart,"
                        + " systemctl: " + systemctl + " }",
                "remediations:",
                "  p1-recovery: [restart-estimator, restart-httpd, {wait: 1s}, {recheck: health}, {escalate: P1}]",
                "  restart-services: [restart-estimator, restart-httpd, {wait: 1s}, {recheck: services}, {escalate: P1}]",
                "procedures:",
                String.join("\n", extraProcedures),
                "  morning-check:",
                "    title: Morning Check",
                "    schedule: daily 09:00",
                "    steps:",
                "      - { title: Service status check, checks: [services] }",
                "      - { title: Health check, checks: [health] }",
                "  p1-response:",
                "    steps:",
                "      - { title: Check service status and processes, checks: [services] }",
                "      - { title: Check ports and health, checks: [health] }",
                "      - { escalate: P1 }",
                "escalation:",
                "  levels:",
                "    P1: { title: Complete service outage, respond: 0m, notify: [archive] }",
                "    P2: { title: Partial service outage, respond: 30m, notify: [archive] }",
                "  updates: 15m",
                "notifiers:",
                "  archive: { type: file, path: ./state/notifications.jsonl }",
                ""));
        return b.toString();
    }

    @Override
    public void close() {
        health.stop(0);
    }
}

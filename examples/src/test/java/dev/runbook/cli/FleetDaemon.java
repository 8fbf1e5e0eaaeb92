package dev.runbook.cli;

import dev.runbook.store.PostgresServer;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet daemon for the process tests: {@code runbook daemon FILE --run-now --host NAME} in its own JVM, on the
 * shared PostgreSQL test server (its password in {@code STORE_PASSWORD}), with a short lease TTL; and the lease rows
 * the daemons write, read back from the database (the daemons' clocks, so the tests time nothing themselves).
 */
final class FleetDaemon {
    private FleetDaemon() {
    }

    /** Starts the daemon for {@code runbook} in {@code dir} as host {@code host}; its stderr goes to {@code err}. */
    static Process start(Path dir, String runbook, String host, double ttlSeconds, Path err) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp",
                cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator), Main.class.getName(),
                "daemon", runbook, "--run-now", "--listen", "127.0.0.1:0", "--host", host));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        pb.environment().put("STORE_PASSWORD", PostgresServer.PASSWORD);
        pb.environment().put("RUNBOOK_LEASE_TTL", Double.toString(ttlSeconds));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        return pb.start();
    }

    /**
     * What each daemon wrote to its stderr ({@code dir/HOST.err}), the last 4 000 characters of each, to explain a
     * failed assertion.
     */
    static String errors(Path dir, java.util.Map<String, Process> daemons) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (String host : daemons.keySet()) {
            Path f = dir.resolve(host + ".err");
            if (java.nio.file.Files.exists(f)) {
                String s = java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8);
                b.append("\n--- ").append(host).append(":\n").append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
            }
        }
        return b.toString();
    }

    /** The lease {@code name} in database {@code db}: holder, since (ms), until (ms); null when nobody took it. */
    static String[] lease(String db, String name) throws Exception {
        try (Connection c = PostgresServer.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder, since_ms, until_ms FROM leases WHERE name = '" + name + "'")) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
        }
    }
}
